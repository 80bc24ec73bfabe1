package org.widenet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.widenet.report.Provenance;

/**
 * The checkpoint directory of a training run, on any Hadoop filesystem:
 *
 * <pre>
 *   D/checkpoint-000020/checkpoint.json     manifest, written last
 *   D/checkpoint-000020/blocks/block-NNNNN.bin  one file per neuron block (see BlockFiles)
 *   D/checkpoint-000020/metrics.csv         metrics rows 0..20
 *   D/.checkpoint-000030.tmp-UUID/          a checkpoint being written
 * </pre>
 *
 * A checkpoint is written into a temporary directory and renamed into place only when
 * complete, so a crash mid-write leaves the previous checkpoints untouched (the rename is
 * atomic on local filesystems and HDFS; object stores without atomic rename are not safe
 * places for checkpoints). The two newest checkpoints are kept, so a damaged newest one still
 * leaves one to resume from; a damaged checkpoint is renamed aside, never deleted.
 */
public final class CheckpointStore {
  static final String BLOCKS = "blocks";
  static final String METRICS = "metrics.csv";
  static final String MANIFEST = "checkpoint.json";
  private static final String PREFIX = "checkpoint-";
  private static final String TMP_PREFIX = ".checkpoint-";
  /** Committed checkpoints kept: the newest, and one to fall back to. */
  public static final int KEEP = 2;

  private final Path root;
  private final FileSystem fs;

  public CheckpointStore(String dir, Configuration conf) {
    this.root = new Path(dir);
    try {
      this.fs = root.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("--checkpoint-dir " + dir + ": cannot open", e);
    }
  }

  public String root() {
    return root.toString();
  }

  /** The name of the checkpoint of iteration t. */
  public static String name(int iteration) {
    return String.format(Locale.ROOT, PREFIX + "%06d", iteration);
  }

  /** The block directory of a checkpoint (committed or temporary). */
  public static String blocksDir(String checkpointDir) {
    return new Path(checkpointDir, BLOCKS).toString();
  }

  /** Creates a fresh temporary directory for the checkpoint of iteration t. */
  public String begin(int iteration) {
    Path tmp = new Path(root, TMP_PREFIX + String.format(Locale.ROOT, "%06d", iteration)
        + ".tmp-" + UUID.randomUUID());
    try {
      if (!fs.mkdirs(tmp)) {
        throw new IOException("mkdirs returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create checkpoint directory " + tmp, e);
    }
    return tmp.toString();
  }

  /**
   * Completes a checkpoint begun with {@link #begin}: copies the metrics file in, writes the
   * manifest, and renames the directory into place.
   *
   * @param pending the checkpoint's content, with {@code dir} the temporary directory and the
   *     metrics fields ignored (they are computed here)
   * @return the committed checkpoint
   */
  public Checkpoint commit(Checkpoint pending, java.nio.file.Path metricsFile) {
    Path tmp = new Path(pending.dir());
    Path target = new Path(root, name(pending.iteration()));
    try {
      byte[] metrics = Files.readAllBytes(metricsFile);
      try (OutputStream out = fs.create(new Path(tmp, METRICS), false)) {
        out.write(metrics);
      }
      CRC32 crc = new CRC32();
      crc.update(metrics);
      Checkpoint done = new Checkpoint(target.toString(), pending.state(), pending.blocks(),
          pending.settings(), pending.configHash(), pending.options(), metrics.length,
          crc.getValue());
      try (OutputStream out = fs.create(new Path(tmp, MANIFEST), false)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out,
            done.toMap(Provenance.widenetVersion(), Instant.now().toString()));
      }
      if (fs.exists(target)) {
        setAside(target.toString(), "superseded");
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " returned false");
      }
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit checkpoint " + target, e);
    }
  }

  /** Committed checkpoints, newest first. */
  public List<String> committed() {
    List<String> dirs = new ArrayList<>();
    try {
      if (!fs.exists(root)) {
        return dirs;
      }
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.matches(PREFIX + "\\d{6,}")) {
          dirs.add(status.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + root, e);
    }
    dirs.sort(Comparator.comparingInt(CheckpointStore::iterationOf).reversed());
    return dirs;
  }

  /**
   * Reads a committed checkpoint's manifest and checks what can be checked without reading
   * the weights: every block file present with its recorded size, metrics.csv intact. The
   * block checksums are verified by the tasks that read the blocks.
   *
   * @throws IllegalStateException naming the checkpoint and what is wrong with it
   */
  @SuppressWarnings("unchecked")
  public Checkpoint read(String dir) {
    Path path = new Path(dir);
    Checkpoint c;
    try (InputStream in = fs.open(new Path(path, MANIFEST))) {
      c = Checkpoint.fromMap(path.toString(), new ObjectMapper().readValue(in, Map.class));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(path.getName() + " is damaged: cannot read "
          + MANIFEST + " (" + e.getMessage() + ")", e);
    }
    try {
      for (long[] f : c.blocks()) {
        Path file = new Path(new Path(path, BLOCKS), BlockFiles.fileName((int) f[0]));
        long size = fs.exists(file) ? fs.getFileStatus(file).getLen() : -1;
        if (size != f[1]) {
          throw new IllegalStateException(path.getName() + " is damaged: " + BLOCKS + "/"
              + file.getName() + (size < 0 ? " is missing" : " has " + size + " bytes")
              + ", the manifest says " + f[1]);
        }
      }
      byte[] metrics = readMetrics(c);
      CRC32 crc = new CRC32();
      crc.update(metrics);
      if (metrics.length != c.metricsBytes() || crc.getValue() != c.metricsCrc()) {
        throw new IllegalStateException(path.getName() + " is damaged: " + METRICS
            + " does not match the manifest");
      }
    } catch (IOException e) {
      throw new IllegalStateException(path.getName() + " is damaged: " + e.getMessage(), e);
    }
    return c;
  }

  /** The metrics rows saved with a checkpoint. */
  public byte[] readMetrics(Checkpoint c) throws IOException {
    try (InputStream in = fs.open(new Path(c.dir(), METRICS))) {
      return in.readAllBytes();
    }
  }

  /** Renames a checkpoint aside (never deletes it): {@code <why>-checkpoint-NNNNNN-<millis>}. */
  public String setAside(String dir, String why) {
    Path from = new Path(dir);
    Path to = new Path(from.getParent(), why + "-" + from.getName() + "-"
        + System.currentTimeMillis());
    try {
      if (!fs.rename(from, to)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " aside", e);
    }
    return to.toString();
  }

  /**
   * Deletes committed checkpoints beyond the newest {@link #KEEP} and temporary directories
   * left by interrupted writes (call only when no checkpoint is being written).
   */
  public void prune() {
    List<String> dirs = committed();
    try {
      for (int i = KEEP; i < dirs.size(); i++) {
        fs.delete(new Path(dirs.get(i)), true);
      }
      if (fs.exists(root)) {
        for (FileStatus status : fs.listStatus(root)) {
          if (status.getPath().getName().startsWith(TMP_PREFIX)) {
            fs.delete(status.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove old checkpoints in " + root, e);
    }
  }

  private static int iterationOf(String dir) {
    String name = new Path(dir).getName();
    return Integer.parseInt(name.substring(PREFIX.length()));
  }
}
