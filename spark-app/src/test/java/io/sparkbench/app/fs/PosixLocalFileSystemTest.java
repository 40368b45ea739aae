package io.sparkbench.app.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalDirAllocator;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixLocalFileSystemTest {

  @TempDir java.nio.file.Path dir;

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", PosixLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private static FileSystem fileSystem() throws IOException {
    return FileSystem.get(URI.create("file:///"), conf());
  }

  @Test
  void hadoopBitsBecomeTheSamePosixBits() {
    for (String octal : new String[] {"755", "644", "600", "750", "421", "000", "777"}) {
      FsPermission permission = new FsPermission(octal);
      assertThat(PosixFilePermissions.toString(PosixLocalFileSystem.posix(permission)))
          .as(octal)
          .isEqualTo(permission.toString());
    }
  }

  @Test
  void setsPermissionsAndWritesNoChecksumFiles() throws IOException {
    try (FileSystem fs = fileSystem()) {
      assertThat(fs).isInstanceOf(PosixLocalFileSystem.class);
      Path table = new Path(dir.toUri().toString(), "table/_temporary/0");
      assertThat(fs.mkdirs(table)).isTrue();
      Path part = new Path(table, "part-00000.csv");
      try (FSDataOutputStream out = fs.create(part)) {
        out.write("id\n1\n".getBytes(StandardCharsets.UTF_8));
      }
      fs.setPermission(part, new FsPermission("640"));

      java.nio.file.Path file = dir.resolve("table/_temporary/0/part-00000.csv");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-r-----");
      assertThat(fs.getFileStatus(part).getPermission()).isEqualTo(new FsPermission("640"));
      assertThat(Files.readString(file)).isEqualTo("id\n1\n");
      try (var files = Files.list(file.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("part-00000.csv");
      }
    }
  }

  /**
   * Hadoop's own code asks for the local file system as a {@link LocalFileSystem}: S3A does, for
   * the files it buffers each block it uploads in.
   */
  @Test
  void isTheLocalFileSystemObjectStoresBufferTheirUploadsIn() throws IOException {
    Configuration conf = conf();
    conf.set("fs.s3a.buffer.dir", dir.toString());
    try (LocalFileSystem local = FileSystem.getLocal(conf)) {
      assertThat(local).isInstanceOf(PosixLocalFileSystem.class);
      Path block =
          new LocalDirAllocator("fs.s3a.buffer.dir").getLocalPathForWrite("s3ablock", conf);
      assertThat(block.toUri().getPath()).startsWith(dir.toString());
      try (FSDataOutputStream out = local.create(block)) {
        out.write(1);
      }
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("s3ablock");
      }
    }
  }
}
