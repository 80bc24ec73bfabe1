package org.widenet.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * Writes metrics.csv, one row per iteration, flushed after every row so a running job can be
 * followed with {@code tail -f}. Cells that were not computed are empty. Doubles are written
 * with {@link Double#toString(double)}, which round-trips exactly.
 */
public final class MetricsCsvWriter implements TrainingListener, Closeable {
  /** The header; the first nine columns are a contract other tools rely on. */
  public static final String HEADER =
      "iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,fro_move,"
          + "pattern_change";

  /** A column appended after the contract columns, e.g. a predicted curve. */
  public interface ExtraColumn {
    String name();

    /** The value for iteration t, or NaN for an empty cell. */
    double valueAt(int iteration);

    /** Whether the values are counts, written without a decimal point ("24", not "24.0"). */
    default boolean integral() {
      return false;
    }

    /** A column of the given values, counts when integral. */
    static ExtraColumn of(String name, IntToDoubleFunction valueAt, boolean integral) {
      return new ExtraColumn() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public double valueAt(int iteration) {
          return valueAt.applyAsDouble(iteration);
        }

        @Override
        public boolean integral() {
          return integral;
        }
      };
    }
  }

  private final BufferedWriter out;
  private final List<ExtraColumn> extras;

  /** Creates the file with the contract columns only; it must not exist yet. */
  public MetricsCsvWriter(Path file) {
    this(file, List.of());
  }

  /** Creates the file with extra columns after the contract ones; it must not exist yet. */
  public MetricsCsvWriter(Path file, List<ExtraColumn> extras) {
    this.extras = List.copyOf(extras);
    try {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      StringBuilder header = new StringBuilder(HEADER);
      for (ExtraColumn column : this.extras) {
        header.append(',').append(column.name());
      }
      out.write(header.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  private MetricsCsvWriter(BufferedWriter out, List<ExtraColumn> extras) {
    this.out = out;
    this.extras = List.copyOf(extras);
  }

  /**
   * Continues a metrics file (restored from a checkpoint) whose header must be the one this
   * writer would write: rows are appended after the existing ones.
   */
  public static MetricsCsvWriter appending(Path file, List<ExtraColumn> extras) {
    StringBuilder header = new StringBuilder(HEADER);
    for (ExtraColumn column : extras) {
      header.append(',').append(column.name());
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(header.toString())) {
        throw new IllegalStateException(file + " does not start with the header "
            + header + ": cannot append to it");
      }
      return new MetricsCsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND), extras);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public void onIteration(IterationRecord r) {
    try {
      out.write(r.iteration() + "," + cell(r.loss()) + "," + r.elapsedMs() + ","
          + cell(r.lambdaMin()) + "," + cell(r.lambdaMax()) + "," + cell(r.gramDrift()) + ","
          + cell(r.maxMove()) + "," + cell(r.froMove()) + "," + cell(r.patternChange()));
      for (ExtraColumn column : extras) {
        double value = column.valueAt(r.iteration());
        out.write("," + (column.integral() && !Double.isNaN(value)
            ? Long.toString((long) value) : cell(value)));
      }
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to metrics.csv", e);
    }
  }

  static String cell(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
