package io.sparkbench.api.result;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Why something failed, as a short cause and a sentence for a person: a run as its driver reported
 * it ({@link BenchmarkResult#error()}), a run attempt as the operator saw its driver pod, and a
 * benchmark ({@code status.error} of a ScalingBenchmark). The same two fields wherever they are
 * written, in this order, a {@code null} one written as {@code null}.
 *
 * <p>Where users read it the writer bounds it: the operator keeps {@code status.error} and Events
 * to one line of at most 1,024 characters and the reason to CamelCase letters and digits (its
 * {@code Messages.bounded}), the driver shortens the message so its result fits a termination
 * message ({@link ResultCodec#toJson}).
 *
 * @param reason short cause, e.g. {@code InvalidSpec}, {@code OOMKilled}, {@code DriverFailed},
 *     {@code SparkError}
 * @param message what happened and what to change
 */
public record Failure(
    @JsonPropertyDescription(
            "Short cause, e.g. InvalidSpec, Unschedulable, ImagePullBackOff, OOMKilled,"
                + " DriverFailed, RunTimeout, ResultUnreadable.")
        String reason,
    @JsonPropertyDescription("What happened and what to change.") String message) {}
