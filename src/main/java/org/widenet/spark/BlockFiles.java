package org.widenet.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.widenet.model.Block;
import org.widenet.model.Family;
import org.widenet.model.NetworkSpec;

/**
 * One block of any family in one file, written and read by the executor that owns the block,
 * so a checkpoint of millions of neurons never passes through the driver or a shuffle. The
 * format is plain big-endian data, never Java serialization:
 *
 * <pre>
 *   "WNBLOCK2"  8 bytes magic
 *   UTF family name (relu2, exp2, softmax2, ...)
 *   int block, long first neuron, int count, int steps applied
 *   the family's weights ({@link Family#writeBlock}, raw double bits)
 *   long CRC-32 of every byte before it
 * </pre>
 *
 * Doubles are stored as their raw bits, so a block read back is bit for bit the block written.
 * A truncated or altered file, or one of another family, fails with a message naming the
 * file. Files of widenet 0.1.0 ("WNBLOCK1": relu2 and exp2 only, {@code int block, long first,
 * int count, int d, int steps}, then a and W) still read.
 */
public final class BlockFiles {
  private static final Logger LOG = Logger.getLogger(BlockFiles.class.getName());
  private static final byte[] MAGIC = "WNBLOCK2".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);
  /** The magic of widenet 0.1.0's relu2/exp2 block files, still read. */
  private static final byte[] MAGIC_V1 = "WNBLOCK1".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);

  private BlockFiles() {}

  /**
   * Deletes directory {@code dir} and what it holds, if it exists (an older checkpoint's block
   * files); a warning when the file system keeps it.
   */
  static void deleteDirectory(String dir, Configuration conf) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(conf);
      if (fs.exists(path) && !fs.delete(path, true)) {
        LOG.warning("could not delete old checkpoint " + dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting old checkpoint " + dir, e);
    }
  }

  /** The file name of block b inside a checkpoint's block directory. */
  public static String fileName(int block) {
    return String.format(Locale.ROOT, "block-%05d.bin", block);
  }

  /**
   * The driver's Hadoop settings as a plain map, to ship inside task closures so executors
   * open the checkpoint filesystem with the same settings (credentials, default FS).
   */
  public static Map<String, String> settings(Configuration conf) {
    Map<String, String> map = new HashMap<>();
    conf.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  static Configuration configuration(Map<String, String> settings) {
    Configuration conf = new Configuration(false);
    settings.forEach(conf::set);
    return conf;
  }

  /**
   * Writes the block to dir/block-NNNNN.bin, a fresh directory of the checkpoint being written:
   * first to a temporary file of this attempt, then renamed into place, so a task that Spark
   * runs again (after a lost executor, or a job run again) replaces its own earlier attempt,
   * which holds the same bytes, and never leaves a half-written block file under the final name.
   *
   * @return {block id, bytes written, CRC-32}
   */
  public static long[] write(Block block, Family family, String dir,
      Map<String, String> settings) {
    Path path = new Path(dir, fileName(block.blockId()));
    Path tmp = new Path(dir, "." + fileName(block.blockId()) + "." + java.util.UUID.randomUUID()
        + ".tmp");
    try {
      FileSystem fs = path.getFileSystem(configuration(settings));
      long[] written = writeTo(fs, tmp, block, family);
      if (fs.exists(path)) {
        fs.delete(path, false);
      }
      if (!fs.rename(tmp, path)) {
        throw new IOException("cannot rename " + tmp + " to " + path);
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint block " + path, e);
    }
  }

  private static long[] writeTo(FileSystem fs, Path path, Block block, Family family)
      throws IOException {
    CRC32 crc = new CRC32();
    long bytes;
    try (OutputStream raw = fs.create(path, false);
        CheckedOutputStream checked = new CheckedOutputStream(
            new BufferedOutputStream(raw, 1 << 16), crc);
        DataOutputStream out = new DataOutputStream(checked)) {
      out.write(MAGIC);
      out.writeUTF(family.name());
      out.writeInt(block.blockId());
      out.writeLong(block.firstNeuron());
      out.writeInt(block.count());
      out.writeInt(block.stepsApplied());
      family.writeBlock(block, out);
      out.flush();
      long sum = crc.getValue();
      out.writeLong(sum);
      bytes = out.size();
      return new long[] {block.blockId(), bytes, sum};
    }
  }

  /**
   * Reads block {@code block} from dir and checks it: magic, block id, size and CRC-32 (both
   * the file's own and, when {@code expectedCrc} is not negative, the one recorded at write).
   *
   * @throws IllegalStateException naming the file when it is damaged
   */
  public static Block read(Family family, String dir, int block, long expectedCrc,
      Map<String, String> settings) {
    Path path = new Path(dir, fileName(block));
    try {
      FileSystem fs = path.getFileSystem(configuration(settings));
      CRC32 crc = new CRC32();
      try (InputStream raw = fs.open(path);
          CheckedInputStream checked = new CheckedInputStream(
              new BufferedInputStream(raw, 1 << 16), crc);
          DataInputStream in = new DataInputStream(checked)) {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        Block read;
        if (java.util.Arrays.equals(magic, MAGIC)) {
          String name = in.readUTF();
          if (!name.equals(family.name())) {
            throw damaged(path, "it holds a " + name + " block, this run trains "
                + family.name());
          }
          int id = in.readInt();
          long first = in.readLong();
          int count = in.readInt();
          int steps = in.readInt();
          if (id != block || count < 0 || steps < 0) {
            throw damaged(path, "header says block " + id + ", " + count + " neurons, "
                + steps + " steps");
          }
          try {
            read = family.readBlock(in, id, first, count, steps);
          } catch (IllegalStateException | IllegalArgumentException e) {
            throw damaged(path, e.getMessage());
          }
        } else if (java.util.Arrays.equals(magic, MAGIC_V1) && family instanceof NetworkSpec) {
          int id = in.readInt();
          long first = in.readLong();
          int count = in.readInt();
          int d = in.readInt();
          int steps = in.readInt();
          if (id != block || count < 0 || d < 1) {
            throw damaged(path, "header says block " + id + ", " + count + " neurons, d = "
                + d);
          }
          read = NetworkSpec.readWeights(in, id, first, count, d, steps);
        } else {
          throw damaged(path, "not a widenet block file");
        }
        long computed = crc.getValue();
        long stored = in.readLong();
        if (stored != computed || (expectedCrc >= 0 && stored != expectedCrc)) {
          throw damaged(path, "checksum mismatch");
        }
        if (in.read() != -1) {
          throw damaged(path, "trailing bytes");
        }
        return read;
      }
    } catch (EOFException e) {
      throw damaged(path, "truncated");
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw damaged(path, "checksum mismatch (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint block " + path, e);
    }
  }

  private static IllegalStateException damaged(Path path, String why) {
    return new IllegalStateException("checkpoint block file " + path + " is damaged: " + why);
  }
}
