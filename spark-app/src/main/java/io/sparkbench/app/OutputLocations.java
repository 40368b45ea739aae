package io.sparkbench.app;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Checks, before Spark starts, that local output locations can be written, and creates the folders
 * Spark needs to exist.
 */
final class OutputLocations {

  private OutputLocations() {}

  /**
   * Fails with a message naming the location when a local directory (a plain path or a {@code
   * file:} URI) cannot be created or written. Remote URIs (s3a, hdfs, ...) are left to Hadoop.
   */
  static void requireWritableDirectory(String option, String location) {
    Path path = localPath(option, location);
    if (path == null) {
      return;
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(option + " " + location + " is a file, not a directory");
    }
    requireWritableAncestor(option, location, path);
  }

  /** Fails when a local file cannot be created or overwritten. */
  static void requireWritableFile(String option, String location) {
    Path path = localPath(option, location);
    if (path == null) {
      return;
    }
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(option + " " + location + " is a directory, not a file");
    }
    if (Files.exists(path)) {
      if (!Files.isWritable(path)) {
        throw new IllegalArgumentException(option + " " + location + " is not writable");
      }
      return;
    }
    Path parent = path.toAbsolutePath().getParent();
    requireWritableAncestor(option, location, parent);
  }

  private static void requireWritableAncestor(String option, String location, Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new IllegalArgumentException(
          option
              + " "
              + location
              + " cannot be written"
              + (existing == null ? "" : ": " + existing + " is not a writable directory"));
    }
  }

  /** Creates a local directory location and its parents; a remote URI is left to its store. */
  private static void createLocalDirectory(String option, String location) {
    Path path = localPath(option, location);
    if (path == null) {
      return;
    }
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + " " + location + " cannot be created: " + e.getMessage());
    }
  }

  /**
   * Creates a directory location and its parents: a local one on this machine, a remote one through
   * its Hadoop file system with the run's {@code spark.hadoop.*} settings. Spark refuses an
   * event-log folder that does not exist, and an object store has none until one is marked.
   */
  static void createDirectory(String option, String location, SparkConf conf) {
    if (localPath(option, location) != null) {
      createLocalDirectory(option, location);
      return;
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try {
      FileSystem fs = path.getFileSystem(SparkHadoopUtil.get().newConfiguration(conf));
      if (!fs.mkdirs(path)) {
        throw new IOException("the file system did not create it");
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          option + " " + location + " cannot be created: " + e.getMessage(), e);
    }
  }

  /** The local path of a location, or {@code null} for a remote URI. */
  static Path localPath(String option, String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:\\\\.*")) {
      URI uri;
      try {
        uri = new URI(location);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(option + " " + location + " is not a valid URI");
      }
      return "file".equalsIgnoreCase(uri.getScheme()) ? Paths.get(uri.getPath()) : null;
    }
    return Paths.get(location);
  }
}
