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
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.widenet.model.NeuronBlock;

/**
 * One neuron block in one file, written and read by the executor that owns the block, so a
 * checkpoint of millions of neurons never passes through the driver or a shuffle. The format
 * is plain big-endian data, never Java serialization:
 *
 * <pre>
 *   "WNBLOCK1"  8 bytes magic
 *   int block, long first neuron, int count, int d, int steps applied
 *   count doubles a, then d * count doubles W (column j is neuron first + j)
 *   long CRC-32 of every byte before it
 * </pre>
 *
 * Doubles are stored as their raw bits, so a block read back is bit for bit the block written.
 * A truncated or altered file fails with a message naming the file.
 */
public final class BlockFiles {
  private static final byte[] MAGIC = "WNBLOCK1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 4 + 4 + 4;

  private BlockFiles() {}

  /** The file name of block b inside a checkpoint's block directory. */
  public static String fileName(int block) {
    return String.format(Locale.ROOT, "block-%05d.bin", block);
  }

  /** The exact size of a block's file, for checks that need no read. */
  public static long expectedBytes(int count, int d) {
    return HEADER_BYTES + 8L * count + 8L * count * d + 8L;
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
  public static long[] write(NeuronBlock block, String dir, Map<String, String> settings) {
    Path path = new Path(dir, fileName(block.blockId()));
    Path tmp = new Path(dir, "." + fileName(block.blockId()) + "." + java.util.UUID.randomUUID()
        + ".tmp");
    try {
      FileSystem fs = path.getFileSystem(configuration(settings));
      long[] written = writeTo(fs, tmp, block);
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

  private static long[] writeTo(FileSystem fs, Path path, NeuronBlock block) throws IOException {
    CRC32 crc = new CRC32();
    long bytes;
    try (OutputStream raw = fs.create(path, false);
        CheckedOutputStream checked = new CheckedOutputStream(
            new BufferedOutputStream(raw, 1 << 16), crc);
        DataOutputStream out = new DataOutputStream(checked)) {
      out.write(MAGIC);
      out.writeInt(block.blockId());
      out.writeLong(block.firstNeuron());
      out.writeInt(block.count());
      out.writeInt(block.inputDim());
      out.writeInt(block.stepsApplied());
      for (double v : block.outputWeights()) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
      for (double v : block.weights()) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
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
  public static NeuronBlock read(String dir, int block, long expectedCrc,
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
        if (!java.util.Arrays.equals(magic, MAGIC)) {
          throw damaged(path, "not a widenet block file");
        }
        int id = in.readInt();
        long first = in.readLong();
        int count = in.readInt();
        int d = in.readInt();
        int steps = in.readInt();
        if (id != block || count < 0 || d < 1) {
          throw damaged(path, "header says block " + id + ", " + count + " neurons, d = " + d);
        }
        double[] a = new double[count];
        for (int j = 0; j < count; j++) {
          a[j] = Double.longBitsToDouble(in.readLong());
        }
        double[] w = new double[Math.multiplyExact(count, d)];
        for (int k = 0; k < w.length; k++) {
          w[k] = Double.longBitsToDouble(in.readLong());
        }
        long computed = crc.getValue();
        long stored = in.readLong();
        if (stored != computed || (expectedCrc >= 0 && stored != expectedCrc)) {
          throw damaged(path, "checksum mismatch");
        }
        if (in.read() != -1) {
          throw damaged(path, "trailing bytes");
        }
        return NeuronBlock.restore(id, first, d, steps, w, a);
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
