package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code widenet scaling} end to end on a tiny grid, and its refusals of bad options. */
class CliScalingTest {
  @TempDir Path dir;

  @Test
  void tinyGridWritesTheExponentAndEveryFile() throws Exception {
    Path out = dir.resolve("scaling");
    CliRun r = CliRun.main("scaling", "--model", "relu2", "--n", "8,16,32", "--width-grid",
        "2,8,32,128,512", "--seeds", "2", "--target-loss", "0.1", "--max-iterations", "40",
        "--d", "4", "--parallel-runs", "2", "--engine", "local", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", s.get("status").asText());
    for (String key : List.of("exponent", "exponent_ci_low", "exponent_ci_high", "summary")) {
      assertTrue(s.has(key), key + " missing: " + s);
    }
    assertTrue(s.get("summary").asText().contains("measured exponent"), s.toString());
    List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
    assertEquals("n,m_star,seeds,seeds_reached,lambda_min,lambda_max,max_move,fro_move,"
        + "gram_drift,reach_iteration", csv.get(0));
    assertEquals(4, csv.size());
    assertTrue(Files.size(out.resolve("scaling.png")) > 1000);
    assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64"));
    assertTrue(Files.readAllLines(out.resolve("runs.csv")).size() > 6);
  }

  @Test
  void sparkAndLocalEnginesGiveTheSameRuns() throws Exception {
    List<List<String>> results = new java.util.ArrayList<>();
    for (String engine : List.of("spark", "local")) {
      Path out = dir.resolve(engine);
      CliRun r = CliRun.main("scaling", "--n", "8,16", "--width-grid", "4,32", "--seeds", "2",
          "--target-loss", "0.3", "--max-iterations", "8", "--d", "4", "--engine", engine,
          "--out", out.toString());
      assertEquals(0, r.code(), r.describe());
      List<String> rows = new java.util.ArrayList<>();
      for (String line : Files.readAllLines(out.resolve("runs.csv"))) {
        rows.add(line.substring(0, line.lastIndexOf(',')));
      }
      results.add(rows);
    }
    // Same block count and block-order sums: identical runs, up to the seconds column.
    assertEquals(results.get(0), results.get(1));
  }

  @Test
  void badOptionsAreRefusedBeforeAnyRun() {
    CliRun model = CliRun.main("scaling", "--model", "tanh9", "--out",
        dir.resolve("a").toString());
    assertEquals(2, model.code());
    assertTrue(model.err().contains("--model"), model.err());
    CliRun grid = CliRun.main("scaling", "--width-grid", "10,5", "--out",
        dir.resolve("b").toString());
    assertEquals(2, grid.code());
    assertTrue(grid.err().contains("--width-grid"), grid.err());
    CliRun eps = CliRun.main("scaling", "--target-loss", "2", "--out",
        dir.resolve("c").toString());
    assertEquals(2, eps.code());
    assertTrue(eps.err().contains("--target-loss"), eps.err());
    CliRun engine = CliRun.main("scaling", "--engine", "gpu", "--out",
        dir.resolve("d").toString());
    assertEquals(2, engine.code());
    assertTrue(engine.err().contains("--engine"), engine.err());
    CliRun help = CliRun.main("scaling", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--parallel-runs"));
  }
}
