package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.widenet.train.IterationRecord;

class ProgressPrinterTest {

  @Test
  void printsLossRateAndTimeLeft() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true,
        StandardCharsets.UTF_8), 10);
    printer.onIteration(new IterationRecord(0, 2.0, 1000, 1, 2, 0, 0, 0, 0));
    printer.onIteration(new IterationRecord(2, 1.0, 1500, Double.NaN, Double.NaN, Double.NaN,
        0, 0, 0));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[1].startsWith("iter 2/10  loss 1.000000e+00  0.250 s/it  ETA 2s"),
        lines[1]);
  }

  @Test
  void longGaussNewtonSolvesAndPreconditionerBuildsPrintALine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true,
        StandardCharsets.UTF_8), 3);
    printer.onPreconditioner(1, 2000, "columns", 4, 19.46);
    printer.onCgProgress(1, 120, 3.2e-4, 45.2);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("  iter 1: Nystrom preconditioner of rank 2000 built from sampled columns of "
        + "J J^T in 4 passes over the blocks, 19.5 s", lines[0]);
    assertEquals("  iter 1: solving its Gauss-Newton step, CG iteration 120, relative residual "
        + "3.200e-04 after 45s", lines[1]);
    assertEquals("softmax2: iteration 2: Nystrom preconditioner of rank 30 built from products "
        + "with J J^T in 30 passes over the blocks, 0.5 s",
        ProgressPrinter.preconditionerLine("softmax2: iteration 2", 30, "products", 30, 0.49));
  }

  @Test
  void durationsReadNaturally() {
    assertEquals("59s", ProgressPrinter.formatDuration(59.2));
    assertEquals("2m05s", ProgressPrinter.formatDuration(125));
    assertEquals("1h01m", ProgressPrinter.formatDuration(3660));
  }
}
