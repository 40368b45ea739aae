package io.sparkbench.local.cli;

import io.sparkbench.local.LocalCluster;
import picocli.CommandLine;

/**
 * picocli converters for the options the commands share. Each throws an {@link
 * IllegalArgumentException} worded to follow the option's name, as {@code OneLineErrors} prints it.
 */
public final class OptionConverters {

  private OptionConverters() {}

  /** {@code mock} or {@code real}. */
  public static final class ControlPlane
      implements CommandLine.ITypeConverter<LocalCluster.ControlPlaneKind> {
    @Override
    public LocalCluster.ControlPlaneKind convert(String value) {
      return LocalCluster.ControlPlaneKind.parse(value.trim());
    }
  }

  /** A TCP port, 0 (any free one) to 65535. */
  public static final class Port implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value.trim());
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException("must be 0 to 65535, got " + value);
    }
  }
}
