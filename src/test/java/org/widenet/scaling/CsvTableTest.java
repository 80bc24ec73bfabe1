package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole numbers without a decimal point, NaN empty, other values round-trip. */
class CsvTableTest {
  @TempDir Path dir;

  @Test
  void writesCells() throws Exception {
    Path f = dir.resolve("t.csv");
    CsvTable.write(f, List.of("n", "x"), List.of(new double[] {50, 3},
        new double[] {0.1 + 0.2, Double.NaN}));
    assertEquals(List.of("n,x", "50," + (0.1 + 0.2), "3,"), Files.readAllLines(f));
    assertEquals(0.1 + 0.2, Double.parseDouble(CsvTable.cell(0.1 + 0.2)), 0.0);
  }
}
