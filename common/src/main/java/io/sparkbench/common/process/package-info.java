/**
 * Child processes as the harnesses and tests of several modules stop them ({@link
 * io.sparkbench.common.process.Processes}).
 */
package io.sparkbench.common.process;
