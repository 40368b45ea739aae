package io.sparkbench.app.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}), without checksum files and without a process per
 * permission change.
 *
 * <p>Without Hadoop's native library, which neither the Spark distribution nor its image ships,
 * {@link RawLocalFileSystem} sets every permission by running {@code chmod}: Spark's commit
 * protocol changes the permission of each directory and file it creates, so a 10,000-record run
 * forks over a hundred processes. This class sets them through {@link
 * Files#setPosixFilePermissions}, in process. It neither writes nor reads the {@code .crc} file
 * Hadoop's checksummed local file system keeps beside every data file, which doubles the files and
 * checksums every byte twice; the data directory is a volume whose storage keeps its own integrity,
 * as it would be on an object store. It is still a {@link LocalFileSystem}, as {@link
 * org.apache.hadoop.fs.FileSystem#getLocal} requires of whatever {@code file:} names: S3A buffers
 * the blocks it uploads in local files through it.
 *
 * <p>Spark uses it for {@code file:} paths when {@code spark.hadoop.fs.file.impl} names it (the
 * job's default).
 */
public class PosixLocalFileSystem extends LocalFileSystem {

  public PosixLocalFileSystem() {
    super(new Raw());
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }

  /** The raw local file system, setting permissions in process. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
    }
  }

  /** The owner, group and other bits of a Hadoop permission. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> bits = EnumSet.noneOf(PosixFilePermission.class);
    add(bits, permission.getUserAction(), PosixFilePermission.OWNER_READ);
    add(bits, permission.getGroupAction(), PosixFilePermission.GROUP_READ);
    add(bits, permission.getOtherAction(), PosixFilePermission.OTHERS_READ);
    return bits;
  }

  /** Adds read, write and execute for one class of user, starting at its read bit. */
  private static void add(
      Set<PosixFilePermission> bits, FsAction action, PosixFilePermission read) {
    PosixFilePermission[] all = PosixFilePermission.values();
    if (action.implies(FsAction.READ)) {
      bits.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      bits.add(all[read.ordinal() + 1]);
    }
    if (action.implies(FsAction.EXECUTE)) {
      bits.add(all[read.ordinal() + 2]);
    }
  }
}
