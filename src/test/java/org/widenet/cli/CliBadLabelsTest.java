package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad labels, one case per test, through {@code widenet train}: not a number, infinite, or
 * outside the [-1, 1] the models assume. Each is refused with exit code 2 and one line naming
 * the file, the row or line and the value, before Spark starts and before --out exists (see
 * {@link Rejection}). This class never starts Spark itself.
 */
class CliBadLabelsTest {
  @TempDir Path dir;
  private Path out;

  @BeforeEach
  void noSparkYet() {
    out = dir.resolve("run-out");
    Rejection.assertNoSparkSession();
  }

  private String assertRejected(Path file, String... fragments) {
    return Rejection.assertRejected(out, "train", List.of("--data", file.toString(), "--width",
        "40", "--iterations", "2"), fragments);
  }

  @Test
  void csvNanLabelNamesFileLineAndColumn() {
    Path csv = CliRun.write(dir.resolve("nan-label.csv"),
        "x1,x2,label\n0.6,0.8,1\n0.8,0.6,NaN\n");
    assertRejected(csv, csv.toString(), "line 3", "\"label\"", "NaN");
  }

  @Test
  void csvInfiniteLabelNamesFileLineAndColumn() {
    Path csv = CliRun.write(dir.resolve("inf-label.csv"),
        "x1,x2,label\n0.6,0.8,-Infinity\n0.8,0.6,1\n");
    assertRejected(csv, csv.toString(), "line 2", "\"label\"", "Infinity");
  }

  @Test
  void libsvmInfiniteLabelNamesFileAndLine() {
    Path svm = CliRun.write(dir.resolve("inf-label.svm"), "1 1:0.6 2:0.8\ninf 1:0.8 2:0.6\n");
    assertRejected(svm, svm.toString(), "line 2", "label", "\"inf\"");
  }

  @Test
  void csvLabelAboveOneNamesFileRowValueAndScaleLabels() {
    Path csv = CliRun.write(dir.resolve("big.csv"),
        "x1,x2,label\n0.6,0.8,1\n0.8,0.6,0.5\n0.0,1.0,2.5\n1.0,0.0,-4\n");
    String line = assertRejected(csv, csv + " row 3: label 2.5 is outside [-1, 1]",
        "max |y| = 4.0", "add --scale-labels");
    assertTrue(line.contains("relu2 and exp2"), line);
  }

  @Test
  void libsvmLabelBelowMinusOneIsRefusedToo() {
    Path svm = CliRun.write(dir.resolve("big.libsvm"), "1 1:0.6 2:0.8\n-1.5 1:0.8 2:0.6\n");
    assertRejected(svm, svm + " row 2: label -1.5 is outside [-1, 1]", "--scale-labels");
  }
}
