package io.sparkbench.api.settings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A class-data-sharing archive of the classes a kind of JVM loads (a {@code java -jar} run, a pod's
 * driver or executor), named after the JVM and the class path it was made from: an archive of other
 * classes would be refused. The build makes the project's archives ({@code mvn package}); when none
 * matches (another JVM, say), the first JVM writes one at exit ({@code -XX:ArchiveClassesAtExit})
 * into a file of its own, renamed into place when it ended well; later JVMs map it ({@code
 * -XX:SharedArchiveFile}) instead of loading and verifying those classes again.
 */
public final class ClassDataArchive {

  private final Path dir;
  private final String name;
  private final Path file;

  private ClassDataArchive(Path dir, String name, Path file) {
    this.dir = dir;
    this.name = name;
    this.file = file;
  }

  /**
   * The archive {@code name} of JVMs on {@code classPath}, kept in {@code dir}. It is keyed by the
   * JVM's version and by every jar the JVM checks before it maps an archive: each class-path entry
   * (its path, size and time) and the jars its manifest's {@code Class-Path} adds.
   */
  public static ClassDataArchive of(Path dir, String name, List<Path> classPath) {
    List<Path> checked = new ArrayList<>();
    for (Path entry : classPath) {
      Path absolute = entry.toAbsolutePath().normalize();
      checked.add(absolute);
      checked.addAll(manifestClassPath(absolute));
    }
    String key =
        System.getProperty("java.vm.version")
            + checked.stream()
                .map(ClassDataArchive::stamp)
                .collect(Collectors.joining("|", "|", ""));
    return new ClassDataArchive(
        dir, name, dir.resolve(name + "-" + Integer.toHexString(key.hashCode()) + ".jsa"));
  }

  /** The archive, if the build or an earlier JVM made it. */
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

  /**
   * Keeps the archive a JVM that ended well wrote; two JVMs racing keep either one. A kept archive
   * replaces the others of its name in the folder: they were made from jars since rebuilt (or by
   * another JVM, which makes its own again), and each is a hundred megabytes or more.
   */
  public void keep(Path training, boolean endedWell) {
    try {
      if (endedWell && Files.isRegularFile(training) && Files.size(training) > 0) {
        Files.move(training, file, StandardCopyOption.ATOMIC_MOVE);
        removeOthers();
      } else {
        Files.deleteIfExists(training);
      }
    } catch (IOException e) {
      // Not kept: a later JVM makes one.
    }
  }

  /** Deletes this name's other archives; a JVM that maps one keeps its mapping. */
  private void removeOthers() throws IOException {
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(dir, name + "-*.jsa")) {
      for (Path other : archives) {
        String hash = other.getFileName().toString();
        hash = hash.substring(name.length() + 1, hash.length() - ".jsa".length());
        if (!other.equals(file) && hash.matches("[0-9a-f]+")) {
          Files.deleteIfExists(other);
        }
      }
    }
  }

  /** The jars a jar's manifest adds to the class path, resolved as the JVM resolves them. */
  private static List<Path> manifestClassPath(Path entry) {
    if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
      return List.of();
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      Manifest manifest = jar.getManifest();
      String classPath =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null || classPath.isBlank()) {
        return List.of();
      }
      List<Path> jars = new ArrayList<>();
      for (String relative : classPath.trim().split("\\s+")) {
        jars.add(entry.resolveSibling(relative).normalize());
      }
      return jars;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static String stamp(Path file) {
    try {
      return file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return file + ":?";
    }
  }
}
