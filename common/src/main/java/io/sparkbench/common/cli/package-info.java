/**
 * The command-line pieces every sparkbench command shares (the operator's, {@code sparkbench} and
 * {@code bench.jar}): {@link io.sparkbench.common.cli.HelpOption}, the {@code -h, --help} mixin,
 * and {@link io.sparkbench.common.cli.OneLineErrors}, which prints bad input as one line saying
 * what to fix and returns exit code 2.
 */
package io.sparkbench.common.cli;
