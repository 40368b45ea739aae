package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What one finished round measured, kept in the status after its results made way for the next
 * round's: per record count and executor count the median and each repetition's duration, and the
 * fitted line. The runs themselves are in the history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoundSummary {

  /** The most rounds the status keeps, newest last. */
  public static final int MAX_ROUNDS = 30;

  @JsonPropertyDescription("The round, from 1.")
  public Integer round;

  @JsonPropertyDescription("When the round's first run could start (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When its last run was recorded (RFC 3339).")
  public String finishedAt;

  @JsonPropertyDescription("Succeeded, or Failed when a run ran out of attempts.")
  public Phase phase;

  @JsonPropertyDescription("Per record count and executor count: the median and each duration.")
  public List<Count> counts = new ArrayList<>();

  @JsonPropertyDescription("The model's fixed seconds after the round.")
  public Double fixedSeconds;

  @JsonPropertyDescription("The model's microseconds per record after the round.")
  public Double microsPerRecord;

  @JsonPropertyDescription("The image digest of the round's last run, when the kubelet gave one.")
  public String imageDigest;

  @JsonPropertyDescription("The round's verdict against spec.baseline: True, False or Unknown.")
  public String regressed;

  /** The runs of one record count and executor count in a round. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Count {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Executor count.")
    public Integer executors;

    @JsonPropertyDescription("Median of the durations, in seconds.")
    public Double medianSeconds;

    @JsonPropertyDescription("Each repetition's durationSeconds, in the order they ran.")
    public List<Double> seconds = new ArrayList<>();

    @JsonPropertyDescription("The data's checksum: equal for runs over the same data.")
    public Long totalAmount;
  }
}
