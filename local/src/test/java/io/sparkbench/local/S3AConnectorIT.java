package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.app.fs.PosixLocalFileSystem;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3A connector on spark-app's class path, the one its jar, its image and the process kubelet's
 * pods run with, against a real S3 server, in seconds: the folder marker the job makes for its
 * event logs, and what only large data reaches, a multipart upload through a local buffer file and
 * a multipart copy by the SDK's transfer manager on its asynchronous Netty client (S3A renames
 * large objects so).
 */
class S3AConnectorIT {

  private static final String BUCKET = "connector";
  private static final int MIB = 1024 * 1024;

  private static S3Server s3;

  @BeforeAll
  static void start() {
    s3 = S3Server.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static FileSystem s3a(java.nio.file.Path buffer) throws IOException {
    Configuration conf = new Configuration();
    s3.s3aConf().forEach(conf::set);
    // the job's local file system, in which S3A buffers the blocks it uploads
    conf.set("fs.file.impl", PosixLocalFileSystem.class.getName());
    conf.set("fs.s3a.buffer.dir", buffer.toString());
    // the smallest parts S3 takes, so that 12 MiB is uploaded and copied in parts
    conf.set("fs.s3a.multipart.size", "5M");
    conf.set("fs.s3a.multipart.threshold", "5M");
    conf.set("fs.s3a.attempts.maximum", "1");
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf);
  }

  @Test
  void writesCopiesAndReadsLargeObjectsInParts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path buffer) throws IOException {
    byte[] data = new byte[12 * MIB];
    new Random(42).nextBytes(data);
    try (FileSystem fs = s3a(buffer)) {
      Path events = new Path("s3a://" + BUCKET + "/runs/spark-events");
      assertThat(fs.mkdirs(events)).isTrue();
      assertThat(fs.getFileStatus(events).isDirectory()).isTrue();

      Path written = new Path("s3a://" + BUCKET + "/runs/written.bin");
      try (FSDataOutputStream out = fs.create(written, true)) {
        out.write(data);
      }
      assertThat(
              IOStatisticsSupport.retrieveIOStatistics(fs)
                  .counters()
                  .get("object_multipart_initiated"))
          .as("multipart uploads started")
          .isPositive();

      Path renamed = new Path("s3a://" + BUCKET + "/runs/renamed.bin");
      assertThat(fs.rename(written, renamed)).isTrue();
      assertThat(s3.keys(BUCKET, "runs/"))
          .containsExactly("runs/renamed.bin", "runs/spark-events/");
      assertThat(s3.readBytes(BUCKET, "runs/renamed.bin")).isEqualTo(data);

      byte[] slice = new byte[MIB];
      try (FSDataInputStream in = fs.open(renamed)) {
        in.readFully(7L * MIB, slice);
      }
      assertThat(slice).isEqualTo(Arrays.copyOfRange(data, 7 * MIB, 8 * MIB));
    }
  }
}
