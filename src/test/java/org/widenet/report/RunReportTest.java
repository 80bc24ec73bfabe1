package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path dir;

  private static Map<String, String> settings(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void labelsNameTheSettingsThatDiffer() {
    List<Map<String, String>> s = List.of(
        settings("model", "relu2", "width", "1000", "lr", "auto"),
        settings("model", "relu2", "width", "4000", "lr", "auto"));
    assertEquals(List.of("width"), RunLabels.differingKeys(s));
    assertEquals(List.of("width=1000", "width=4000"), RunLabels.labels(s, List.of("a", "b")));
  }

  @Test
  void severalDifferingKeysAreJoinedInSettingsOrder() {
    List<Map<String, String>> s = List.of(
        settings("width", "100", "seed", "0", "lr", "0.1"),
        settings("width", "100", "seed", "1", "lr", "0.2"),
        settings("width", "200", "seed", "0", "lr", "0.1"));
    assertEquals(List.of("width", "seed", "lr"), RunLabels.differingKeys(s));
    assertEquals(List.of("width=100, seed=0, lr=0.1", "width=100, seed=1, lr=0.2",
        "width=200, seed=0, lr=0.1"), RunLabels.labels(s, List.of("a", "b", "c")));
  }

  @Test
  void noDifferenceMeansDirectoryNames() {
    List<Map<String, String>> s = List.of(settings("width", "100"), settings("width", "100"));
    assertEquals(List.of(), RunLabels.differingKeys(s));
    assertEquals(List.of("run-1", "run-2"), RunLabels.labels(s, List.of("run-1", "run-2")));
    assertEquals(List.of("solo"), RunLabels.labels(List.of(settings("w", "1")),
        List.of("solo")));
  }

  @Test
  void aMissingKeyDiffersAndEqualLabelsGetTheirDirectory() {
    List<Map<String, String>> s = List.of(settings("width", "100"),
        settings("width", "100", "gram", "exact"), settings("width", "100", "gram", "exact"));
    assertEquals(List.of("gram=unset", "gram=exact (b)", "gram=exact (c)"),
        RunLabels.labels(s, List.of("a", "b", "c")));
  }

  @Test
  void decimalsThatDifferOnlyInTheLastBitsAreTheSameAndLabelsAreShort() {
    List<Map<String, String>> s = List.of(
        settings("alpha", "0.10000000000000002", "threshold", "1.1169892233177103"),
        settings("alpha", "0.1", "threshold", "1.2348780495384473"));
    assertEquals(List.of("threshold"), RunLabels.differingKeys(s));
    assertEquals(List.of("threshold=1.117", "threshold=1.235"),
        RunLabels.labels(s, List.of("a", "b")));
    assertEquals("1e-10", RunLabels.shortNumber("1.0E-10"));
    assertEquals("auto", RunLabels.shortNumber("auto"));
    assertEquals("4000", RunLabels.shortNumber("4000"));
    assertTrue(!RunLabels.same("100", "100.0000001") && !RunLabels.same("auto", "0.1"));
  }

  @Test
  void olderHeadersAndRunsWithoutSummaryAreReported() throws IOException {
    Path deep = Files.createDirectories(dir.resolve("deep-last"));
    Files.writeString(deep.resolve("metrics.csv"), "iteration,loss,residual_norm,contraction,"
        + "row_movement,row_movement_bound\n0,4.0,2.8,,0,\n1,2.0,2.0,0.7,0.1,0.3\n"
        + "2,1.0,1.4,0.7,0.15,0.4\n", StandardCharsets.UTF_8);
    Path html = RunReport.write(List.of(deep), dir.resolve("out"));
    String text = Files.readString(html);
    assertTrue(text.contains("no summary.json"), "results say there is no summary");
    assertTrue(Files.size(dir.resolve("out/fig-extra-residual_norm.png")) > 0);
    assertTrue(Files.size(dir.resolve("out/fig-extra-contraction.svg")) > 0);
    assertTrue(!Files.exists(dir.resolve("out/fig-eigenvalues.png")), "no empty figures");
    // a bound is drawn in the figure of the column it bounds
    assertTrue(Files.exists(dir.resolve("out/fig-extra-row_movement.png")));
    assertTrue(!Files.exists(dir.resolve("out/fig-extra-row_movement_bound.png")));
    assertTrue(text.contains("row_movement_bound (dashed, same colour)"), "caption");
  }

  /** deep-last's max_move_bound is drawn dashed in the movement figure, not a figure of its own. */
  @Test
  void aBoundOfMaxMoveJoinsTheMovementFigure() throws IOException {
    Path run = Files.createDirectories(dir.resolve("deep"));
    Files.writeString(run.resolve("metrics.csv"), "iteration,loss,elapsed_ms,lambda_min,"
        + "lambda_max,gram_drift,max_move,fro_move,pattern_change,max_move_bound\n"
        + "0,4.0,1,,,,0.0,,,0.5\n1,2.0,2,,,,0.1,,,0.5\n2,1.0,3,,,,0.2,,,0.5\n",
        StandardCharsets.UTF_8);
    Path html = RunReport.write(List.of(run), dir.resolve("out-bound"));
    String text = Files.readString(html);
    assertTrue(Files.size(dir.resolve("out-bound/fig-movement.png")) > 0);
    assertTrue(!Files.exists(dir.resolve("out-bound/fig-extra-max_move_bound.png")));
    assertTrue(text.contains("max_move_bound (dashed"), "caption names the bound");
  }

  @Test
  void aHeaderWithoutLossIsRefusedNamingTheFile() throws IOException {
    Path run = Files.createDirectories(dir.resolve("odd"));
    Files.writeString(run.resolve("metrics.csv"), "step,value\n0,1\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunReport.check(List.of(run)));
    assertTrue(e.getMessage().contains(run.resolve("metrics.csv").toString()), e.getMessage());
  }

  @Test
  void rewritingReplacesItsOwnFiguresOnly() throws IOException {
    Path run = Files.createDirectories(dir.resolve("r"));
    Files.writeString(run.resolve("metrics.csv"), "iteration,loss,foo\n0,1,1\n1,0.5,2\n");
    Path out = dir.resolve("out");
    RunReport.write(List.of(run), out);
    assertTrue(Files.exists(out.resolve("fig-extra-foo.png")));
    Files.writeString(run.resolve("metrics.csv"), "iteration,loss\n0,1\n1,0.5\n");
    Files.writeString(out.resolve("keep.png"), "x");
    RunReport.write(List.of(run), out);
    assertTrue(!Files.exists(out.resolve("fig-extra-foo.png")), "stale figure removed");
    assertTrue(Files.exists(out.resolve("keep.png")));
  }
}
