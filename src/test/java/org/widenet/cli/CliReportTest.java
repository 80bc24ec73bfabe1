package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code widenet report}: fake run directories in, report.html and figures out; no Spark. */
class CliReportTest {
  @TempDir Path dir;

  /** A run directory as train writes it: metrics.csv and summary.json, for a given width. */
  static Path fakeRun(Path parent, String name, int width, boolean predicted) throws IOException {
    Path run = Files.createDirectories(parent.resolve(name));
    StringBuilder csv = new StringBuilder("iteration,loss,elapsed_ms,lambda_min,lambda_max,"
        + "gram_drift,max_move,fro_move,pattern_change" + (predicted ? ",predicted_residual"
        : "") + ",cg_iterations\n");
    for (int t = 0; t <= 20; t++) {
      double loss = 10 * Math.exp(-0.3 * t * width / 400.0);
      boolean gram = t % 10 == 0;
      csv.append(t).append(',').append(loss).append(',').append(100 * t).append(',')
          .append(gram ? String.valueOf(0.1 + 1e-4 * t) : "").append(',')
          .append(gram ? "2.5" : "").append(',')
          .append(gram ? String.valueOf(1e-3 * t) : "").append(',')
          .append(t == 0 ? 0.0 : 0.01 * t / Math.sqrt(width)).append(',')
          .append(t == 0 ? 0.0 : 0.1 * t).append(',')
          .append(0.001 * t);
      if (predicted) {
        csv.append(',').append(Math.sqrt(2 * loss) * 1.1);
      }
      csv.append(',').append(3 + t % 4).append('\n');
    }
    Files.writeString(run.resolve("metrics.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(run.resolve("summary.json"), "{\n"
        + "  \"status\" : \"completed\",\n"
        + "  \"settings\" : {\"model\" : \"relu2\", \"width\" : " + width
        + ", \"lr\" : \"auto\", \"seed\" : 0, \"spark_conf\" : { }},\n"
        + "  \"data\" : {\"source\" : \"sphere:n=40,d=5\", \"n\" : 40},\n"
        + "  \"initial_loss\" : 10.0,\n  \"final_loss\" : 0.5,\n  \"iterations\" : 20,\n"
        + "  \"wall_seconds\" : 12.25\n}\n", StandardCharsets.UTF_8);
    return run;
  }

  @Test
  void reportOfThreeRunsLabelsThemByWidth() throws IOException {
    Path a = fakeRun(dir, "run-a", 100, true);
    Path b = fakeRun(dir, "run-b", 200, false);
    Path c = fakeRun(dir, "run-c", 400, false);
    Path out = dir.resolve("report");
    CliRun r = CliRun.main("report", a.toString(), b.toString(), c.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.describe());
    Path html = out.resolve("report.html");
    assertTrue(r.out().contains(html.toString()), r.describe());
    String text = Files.readString(html, StandardCharsets.UTF_8);
    for (String label : List.of("width=100", "width=200", "width=400")) {
      assertTrue(text.contains(label), "label " + label);
    }
    assertTrue(text.contains("data:image/png;base64,"), "figures embedded");
    // the settings table, with the differing key highlighted and first
    int settings = text.indexOf("<th>setting</th>");
    assertTrue(settings > 0, "settings table");
    assertTrue(text.indexOf("<tr class=\"highlight\"><td>width</td>", settings) > 0, text);
    assertTrue(text.contains("<td>model</td>"));
    assertTrue(text.contains("<td>width=100</td><td>run-a</td><td>completed</td><td>10.0000"
        + "</td><td>0.500000</td><td>20</td><td>12.3</td>"), "results table");
    for (String stem : List.of("loss", "eigenvalues", "gram-drift", "movement",
        "pattern-change", "residual", "extra-cg_iterations")) {
      for (String ext : List.of(".png", ".svg")) {
        Path f = out.resolve("fig-" + stem + ext);
        assertTrue(Files.size(f) > 1000, f + " exists and is not empty");
        assertTrue(text.contains("href=\"fig-" + stem + ext + "\""), "links " + f);
      }
    }
    assertTrue(Files.readString(out.resolve("fig-loss.svg")).contains("<svg"));
    // no figure for a column nobody has, no stray files
    try (var files = Files.list(out)) {
      assertEquals(1 + 2 * 7, files.count());
    }
  }

  @Test
  void missingMetricsIsOneLineNamingTheDirectory() throws IOException {
    Path a = fakeRun(dir, "ok", 100, false);
    Path bad = Files.createDirectories(dir.resolve("not-a-run"));
    Path out = dir.resolve("out");
    CliRun r = CliRun.main("report", a.toString(), bad.toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().contains(bad.toString()) && r.err().contains("metrics.csv"),
        r.describe());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void nonEmptyOutNeedsOverwriteWhichKeepsOtherFiles() throws IOException {
    Path a = fakeRun(dir, "a", 100, false);
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    CliRun refused = CliRun.main("report", a.toString(), "--out", out.toString());
    assertEquals(2, refused.code(), refused.describe());
    assertTrue(refused.err().contains("--overwrite"), refused.describe());
    assertFalse(Files.exists(out.resolve("report.html")));
    CliRun ok = CliRun.main("report", a.toString(), "--out", out.toString(), "--overwrite");
    assertEquals(0, ok.code(), ok.describe());
    assertTrue(Files.exists(out.resolve("report.html")));
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
  }

  @Test
  void usageErrors() throws IOException {
    CliRun none = CliRun.main("report", "--out", dir.resolve("o").toString());
    assertEquals(2, none.code(), none.describe());
    assertTrue(none.err().contains("run directory"), none.describe());
    Path a = fakeRun(dir, "a", 100, false);
    Path b = fakeRun(dir, "b", 200, false);
    CliRun noOut = CliRun.main("report", a.toString(), b.toString());
    assertEquals(2, noOut.code(), noOut.describe());
    assertTrue(noOut.err().contains("--out"), noOut.describe());
    CliRun unknown = CliRun.main("report", a.toString(), "--width", "3");
    assertEquals(2, unknown.code(), unknown.describe());
    CliRun help = CliRun.main("report", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--overwrite"));
    assertTrue(CliRun.main("--help").out().contains("report"));
  }

  @Test
  void singleRunDefaultsToItsReportFolder() throws IOException {
    Path a = fakeRun(dir, "solo", 100, false);
    CliRun r = CliRun.main("report", a.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(Files.exists(a.resolve("report").resolve("report.html")));
  }
}
