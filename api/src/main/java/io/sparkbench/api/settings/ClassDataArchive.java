package io.sparkbench.api.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A class-data-sharing archive of the classes a kind of JVM loads (a {@code java -jar} run, a pod's
 * driver or executor), named after the JVM and the class path it was made from: an archive of other
 * classes would be refused. The first JVM writes it at exit ({@code -XX:ArchiveClassesAtExit}) into
 * a file of its own, renamed into place when it ended well; later JVMs map it ({@code
 * -XX:SharedArchiveFile}) instead of loading and verifying those classes again.
 */
public final class ClassDataArchive {

  private final Path dir;
  private final Path file;

  private ClassDataArchive(Path dir, Path file) {
    this.dir = dir;
    this.file = file;
  }

  /** The archive {@code name} of JVMs on {@code classPath}, kept in {@code dir}. */
  public static ClassDataArchive of(Path dir, String name, List<Path> classPath) {
    String key =
        System.getProperty("java.vm.version")
            + classPath.stream()
                .map(ClassDataArchive::stamp)
                .collect(Collectors.joining("|", "|", ""));
    return new ClassDataArchive(
        dir, dir.resolve(name + "-" + Integer.toHexString(key.hashCode()) + ".jsa"));
  }

  /** The archive, if an earlier JVM made it. */
  public Path existing() {
    return Files.isRegularFile(file) ? file : null;
  }

  /** A file a JVM may write the archive to, or null when the folder is not writable. */
  public Path newTrainingFile() {
    try {
      Files.createDirectories(dir);
      return Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The options that make a JVM use the archive, or write it when there is none yet; {@code
   * training} is the file {@link #newTrainingFile()} gave (null: use only).
   */
  public List<String> jvmOptions(Path training) {
    Path existing = existing();
    if (existing != null) {
      return List.of("-XX:SharedArchiveFile=" + existing, "-Xshare:auto");
    }
    // Writing an archive warns about every class it leaves out (generated accessors, signed jars):
    // lines at the end of a user's first run that say nothing about the run.
    return training == null
        ? List.of()
        : List.of("-XX:ArchiveClassesAtExit=" + training, "-Xlog:cds=off");
  }

  /** Keeps the archive a JVM that ended well wrote; two JVMs racing keep either one. */
  public void keep(Path training, boolean endedWell) {
    try {
      if (endedWell && Files.isRegularFile(training) && Files.size(training) > 0) {
        Files.move(training, file, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(training);
      }
    } catch (IOException e) {
      // Not kept: a later JVM makes one.
    }
  }

  private static String stamp(Path file) {
    try {
      return file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return file.getFileName() + ":?";
    }
  }
}
