package org.widenet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ModelStore;
import org.widenet.testutil.SparkFixture;

/** What a train run left in --out, in forms a test can compare bit for bit. */
final class RunOutputs {
  private RunOutputs() {}

  /** Every saved weight (a, then W, block by block) of out/model, loaded through Spark. */
  static double[] weights(Path out) {
    SparkSession spark = SparkFixture.start();
    try {
      List<NeuronBlock> blocks = ModelStore.loadBlocks(spark,
          out.resolve("model").toUri().toString());
      int total = 0;
      for (NeuronBlock b : blocks) {
        total += b.count() + b.weights().length;
      }
      double[] all = new double[total];
      int at = 0;
      for (NeuronBlock b : blocks) {
        System.arraycopy(b.outputWeights(), 0, all, at, b.count());
        at += b.count();
        System.arraycopy(b.weights(), 0, all, at, b.weights().length);
        at += b.weights().length;
      }
      return all;
    } finally {
      spark.stop();
    }
  }

  /** Copies a directory tree (the target must not exist). */
  static void copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /**
   * metrics.csv without its elapsed_ms column (the only one that depends on the clock), one
   * string per row, header included.
   */
  static List<String> metricsWithoutTime(Path out) {
    try {
      List<String> rows = new ArrayList<>();
      for (String line : Files.readAllLines(out.resolve("metrics.csv"))) {
        String[] cells = line.split(",", -1);
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
          if (c != 2) {
            row.append(cells[c]).append(',');
          }
        }
        rows.add(row.toString());
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
