package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A round compared with its baseline, per record count and executor count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Comparison {

  /** The verdict of a comparison, as the Regressed condition's status says it. */
  public enum Verdict {
    /** Slower than the baseline by more than the tolerance, beyond the noise. */
    True,
    /** Not slower than the baseline by more than the tolerance, beyond the noise. */
    False,
    /** The runs cannot tell: too few repetitions for the noise, or nothing comparable. */
    Unknown
  }

  @JsonPropertyDescription(
      "What the round was compared with, e.g. 'benchmark nightly-base round 3'.")
  public String baseline;

  @JsonPropertyDescription("The round compared.")
  public Integer round;

  @JsonPropertyDescription("True (regressed), False or Unknown.")
  public Verdict regressed;

  @JsonPropertyDescription(
      "The Regressed condition's reason: Regressed, WithinTolerance, TooFewRepetitions,"
          + " NotComparable or BaselineNotReady.")
  public String reason;

  @JsonPropertyDescription("Why, in one line: the counts and ratios, or what is missing.")
  public String message;

  @JsonPropertyDescription("The tolerance the ratios were held against.")
  public Double tolerance;

  @JsonPropertyDescription(
      "Variation of one run's duration (standard deviation of log durations around their"
          + " count's median, both sides pooled); absent with fewer than two runs of a count.")
  public Double variation;

  @JsonPropertyDescription("Per record count and executor count measured on both sides.")
  public List<Count> counts = new ArrayList<>();

  @JsonPropertyDescription(
      "What differs between the runs compared (image digest, versions, node type, executors,"
          + " settings): a ratio across such a difference measures the difference too.")
  public List<String> differences = new ArrayList<>();

  @JsonPropertyDescription("When the comparison was made (RFC 3339).")
  public String comparedAt;

  /** One record count and executor count compared. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Count {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Executor count.")
    public Integer executors;

    @JsonPropertyDescription("Median duration of the baseline, in seconds.")
    public Double baselineSeconds;

    @JsonPropertyDescription("Runs of the baseline; absent for a pinned figure.")
    public Integer baselineRuns;

    @JsonPropertyDescription("Median duration of the round, in seconds.")
    public Double seconds;

    @JsonPropertyDescription("Runs of the round.")
    public Integer runs;

    @JsonPropertyDescription("Median of the round over median of the baseline.")
    public Double ratio;

    @JsonPropertyDescription(
        "95 % bootstrap interval of the ratio (resampling each side's repetitions), low end.")
    public Double low;

    @JsonPropertyDescription("95 % bootstrap interval of the ratio, high end.")
    public Double high;

    @JsonPropertyDescription("True, False or Unknown for this count.")
    public Verdict regressed;

    @JsonPropertyDescription("Why, when Unknown: too few runs for the noise, or different data.")
    public String reason;
  }
}
