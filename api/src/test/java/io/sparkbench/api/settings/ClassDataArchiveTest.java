package io.sparkbench.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

  @TempDir Path dir;

  @Test
  void aJarWhoseManifestListsALibraryIsKeyedByThatLibraryToo() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path library = Files.writeString(lib.resolve("library.jar"), "classes");
    Path app = jar(dir.resolve("app.jar"), "lib/library.jar");
    Path cds = dir.resolve("cds");
    ClassDataArchive before = ClassDataArchive.of(cds, "spark-app", List.of(app));
    made(before);

    assertThat(ClassDataArchive.of(cds, "spark-app", List.of(app)).existing())
        .as("the same jars and JVM find the archive")
        .isEqualTo(before.existing());

    // A rebuilt library the JVM would check, though the jar the class path names is unchanged: the
    // JVM would refuse the archive, so it must not be found.
    Files.writeString(library, "other classes");
    Files.setLastModifiedTime(library, FileTime.from(Instant.now().plusSeconds(60)));

    assertThat(ClassDataArchive.of(cds, "spark-app", List.of(app)).existing()).isNull();
  }

  @Test
  void theSameJarAtAnotherPathFindsNoArchive() throws Exception {
    Path app = jar(dir.resolve("a").resolve("app.jar"), null);
    Path copy = Files.createDirectories(dir.resolve("b")).resolve("app.jar");
    Files.copy(app, copy);
    Files.setLastModifiedTime(copy, Files.getLastModifiedTime(app));
    Path cds = dir.resolve("cds");
    made(ClassDataArchive.of(cds, "driver", List.of(app)));

    assertThat(ClassDataArchive.of(cds, "driver", List.of(copy)).existing()).isNull();
  }

  @Test
  void aKeptArchiveReplacesTheOlderOnesOfItsNameOnly() throws Exception {
    Path app = jar(dir.resolve("app.jar"), null);
    Path cds = Files.createDirectories(dir.resolve("cds"));
    Path older = Files.writeString(cds.resolve("driver-1a2b3c4d.jsa"), "older build");
    Path executor = Files.writeString(cds.resolve("executor-1a2b3c4d.jsa"), "other kind");
    Path driverLike = Files.writeString(cds.resolve("driver-extra-1a2b.jsa"), "other name");
    ClassDataArchive archive = ClassDataArchive.of(cds, "driver", List.of(app));

    made(archive);

    assertThat(archive.existing()).isNotNull();
    assertThat(older).doesNotExist();
    assertThat(executor).exists();
    assertThat(driverLike).exists();
  }

  @Test
  void aJvmThatFailedKeepsNothing() throws Exception {
    Path app = jar(dir.resolve("app.jar"), null);
    Path cds = Files.createDirectories(dir.resolve("cds"));
    Path older = Files.writeString(cds.resolve("driver-1a2b3c4d.jsa"), "older build");
    ClassDataArchive archive = ClassDataArchive.of(cds, "driver", List.of(app));
    Path training = archive.newTrainingFile();
    Files.writeString(training, "half an archive");

    archive.keep(training, false);

    assertThat(archive.existing()).isNull();
    assertThat(training).doesNotExist();
    assertThat(older).exists();
  }

  /** Makes the archive as a JVM that ended well would. */
  private static void made(ClassDataArchive archive) throws IOException {
    Path training = archive.newTrainingFile();
    Files.writeString(training, "archive");
    archive.keep(training, true);
  }

  private static Path jar(Path file, String classPath) throws IOException {
    Files.createDirectories(file.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    return file;
  }
}
