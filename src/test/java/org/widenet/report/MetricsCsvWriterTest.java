package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.train.IterationRecord;

class MetricsCsvWriterTest {

  @Test
  void rowsAreFlushedAsTheyComeWithEmptyCellsForMissingValues(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("metrics.csv");
    try (MetricsCsvWriter writer = new MetricsCsvWriter(file)) {
      writer.onIteration(new IterationRecord(0, 1.5, 12, 0.25, 4.0, 0.0, 0.0, 0.0, 0.0));
      // Readable before close: a running job can be followed.
      assertEquals(2, Files.readAllLines(file).size());
      writer.onIteration(new IterationRecord(1, 0.1, 30, Double.NaN, Double.NaN, Double.NaN,
          0.5, 2.0, Double.NaN));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change", lines.get(0));
    assertEquals("0,1.5,12,0.25,4.0,0.0,0.0,0.0,0.0", lines.get(1));
    assertEquals("1,0.1,30,,,,0.5,2.0,", lines.get(2));
  }

  @Test
  void extraColumnsFollowTheContractColumns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.csv");
    MetricsCsvWriter.ExtraColumn predicted = new MetricsCsvWriter.ExtraColumn() {
      @Override
      public String name() {
        return "predicted_residual";
      }

      @Override
      public double valueAt(int iteration) {
        return iteration == 0 ? 2.0 : Double.NaN;
      }
    };
    try (MetricsCsvWriter writer = new MetricsCsvWriter(file, List.of(predicted))) {
      writer.onIteration(new IterationRecord(0, 1.5, 12, 0.25, 4.0, 0.0, 0.0, 0.0, 0.0));
      writer.onIteration(new IterationRecord(1, 1.0, 13, Double.NaN, Double.NaN, Double.NaN,
          0.0, 0.0, 0.0));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(MetricsCsvWriter.HEADER + ",predicted_residual", lines.get(0));
    assertEquals("0,1.5,12,0.25,4.0,0.0,0.0,0.0,0.0,2.0", lines.get(1));
    assertEquals("1,1.0,13,,,,0.0,0.0,0.0,", lines.get(2));
  }

  @Test
  void integralExtraColumnsAreWrittenAsCounts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.csv");
    MetricsCsvWriter.ExtraColumn counts = new MetricsCsvWriter.ExtraColumn() {
      @Override
      public String name() {
        return "cg_iterations";
      }

      @Override
      public double valueAt(int iteration) {
        return iteration == 0 ? Double.NaN : 24;
      }

      @Override
      public boolean integral() {
        return true;
      }
    };
    try (MetricsCsvWriter writer = new MetricsCsvWriter(file, List.of(counts))) {
      writer.onIteration(new IterationRecord(0, 1.5, 12, 0.25, 4.0, 0.0, 0.0, 0.0, 0.0));
      writer.onIteration(new IterationRecord(1, 1.0, 13, Double.NaN, Double.NaN, Double.NaN,
          0.0, 0.0, 0.0));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(MetricsCsvWriter.HEADER + ",cg_iterations", lines.get(0));
    assertEquals("0,1.5,12,0.25,4.0,0.0,0.0,0.0,0.0,", lines.get(1));
    assertEquals("1,1.0,13,,,,0.0,0.0,0.0,24", lines.get(2));
  }

  @Test
  void neverOverwritesAnExistingFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.csv");
    Files.writeString(file, "keep me");
    assertThrows(UncheckedIOException.class, () -> new MetricsCsvWriter(file));
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void doublesRoundTripExactly() {
    double value = 0.1 + 0.2;
    assertEquals(value, Double.parseDouble(MetricsCsvWriter.cell(value)), 0.0);
    assertEquals("", MetricsCsvWriter.cell(Double.NaN));
  }
}
