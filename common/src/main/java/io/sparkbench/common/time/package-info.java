/**
 * Durations as the ScalingBenchmark spec and the commands' options write them: a number and a unit,
 * {@code ms}, {@code s}, {@code m} or {@code h}, at most 7 days ({@link
 * io.sparkbench.common.time.Durations}, with a picocli converter for the options).
 */
package io.sparkbench.common.time;
