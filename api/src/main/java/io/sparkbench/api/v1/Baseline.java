package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark's rounds are compared with: another benchmark of the namespace (its latest
 * finished round, or the round named), a past round of this benchmark, or pinned figures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.benchmark) ? 1 : 0) + (has(self.figures) && size(self.figures) > 0 ? 1 : 0)"
            + " + (has(self.round) && !has(self.benchmark) ? 1 : 0) == 1",
    message = "set one of benchmark (with an optional round), round, or figures")
public class Baseline {

  /** The largest tolerance: a run ten times slower than its baseline. */
  public static final double MAX_TOLERANCE = 10;

  /** The most pinned figures. */
  public static final int MAX_FIGURES = 100;

  @Size(max = 253)
  @Pattern(ScalingBenchmarkSpec.DNS_NAME_PATTERN)
  @JsonPropertyDescription(
      "Name of another ScalingBenchmark in this namespace: its latest finished round, or the one"
          + " round names. Each record count and executor count measured by both is compared.")
  public String benchmark;

  @Min(1)
  @JsonPropertyDescription(
      "A round to compare with: of the benchmark named, or of this benchmark when none is named"
          + " (it must still be in status.rounds).")
  public Integer round;

  @Size(max = MAX_FIGURES)
  @JsonPropertyDescription(
      "Pinned durations to compare with, e.g. the figures a release was signed off with.")
  public List<Figure> figures = new ArrayList<>();

  @Default("0.1")
  @Min(0)
  @Max(MAX_TOLERANCE)
  @JsonPropertyDescription(
      "How much slower than the baseline still counts as unchanged, as a fraction: 0.1 lets the"
          + " median take 10 % longer. A record count is Regressed when the 95 % interval of its"
          + " median ratio lies wholly above 1 + tolerance.")
  public Double tolerance = 0.1;

  /** One pinned figure. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Figure {
    @Required
    @Min(1)
    @Max(ScalingBenchmarkSpec.MAX_RECORDS)
    @JsonPropertyDescription("Record count.")
    public Long records;

    @Min(1)
    @Max(ScalingBenchmarkSpec.MAX_EXECUTORS)
    @JsonPropertyDescription(
        "Executor count; when not set, the figure is compared with every executor count.")
    public Integer executors;

    @Required
    @Min(0)
    @Max(604800)
    @JsonPropertyDescription("Median duration in seconds (durationSeconds of a run).")
    public Double seconds;
  }
}
