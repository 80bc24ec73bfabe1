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
        + "gram_drift,reach_iteration,iterations,kernel_iterations", csv.get(0));
    assertEquals(4, csv.size());
    assertTrue(Files.size(out.resolve("scaling.png")) > 1000);
    assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64"));
    assertTrue(Files.readAllLines(out.resolve("runs.csv")).size() > 6);
  }

  @Test
  void budgetFactorGivesEveryNItsOwnBudget() throws Exception {
    Path out = dir.resolve("budget");
    CliRun r = CliRun.main("scaling", "--model", "relu2", "--n", "8,16", "--width-grid",
        "2,8,32,128", "--seeds", "2", "--target-loss", "0.1", "--budget-factor", "3", "--d",
        "4", "--parallel-runs", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("local engine"), r.out());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode budgets = s.get("budgets");
    assertEquals(2, budgets.size(), s.toString());
    for (JsonNode b : budgets) {
      long tinf = b.get("kernel_iterations").asLong();
      assertTrue(tinf > 0, b.toString());
      assertEquals((long) Math.ceil(3.0 * tinf), b.get("iterations").asLong(), b.toString());
    }
    assertTrue(s.get("summary").asText().contains("t_inf"), s.toString());
    JsonNode study = new ObjectMapper().readTree(out.resolve("study.json").toFile());
    assertEquals(3.0, study.get("budget-factor").asDouble(), 0.0);
    // Every run stays inside its n's budget.
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    List<String> head = List.of(runs.get(0).split(","));
    for (String line : runs.subList(1, runs.size())) {
      String[] c = line.split(",", -1);
      int n = (int) Double.parseDouble(c[head.indexOf("n")]);
      String cell = c[head.indexOf("reach_iteration")];
      double reach = cell.isEmpty() ? -1 : Double.parseDouble(cell);
      long t = budgets.get(n == 8 ? 0 : 1).get("iterations").asLong();
      assertTrue(reach <= t, line);
    }
    // Resuming without --budget-factor is refused: the budget decides the result.
    CliRun again = CliRun.main("scaling", "--model", "relu2", "--n", "8,16", "--width-grid",
        "2,8,32,128", "--seeds", "2", "--target-loss", "0.1", "--d", "4", "--out",
        out.toString());
    assertEquals(2, again.code(), again.describe());
    assertTrue(again.err().contains("holds a study with --"), again.err());

    CliRun smooth = CliRun.main("scaling", "--model", "smooth2", "--budget-factor", "3",
        "--out", dir.resolve("smooth").toString());
    assertEquals(2, smooth.code());
    assertTrue(smooth.err().contains("--budget-factor") && smooth.err().contains("relu2"),
        smooth.err());
  }

  @Test
  void runsDoNotDependOnParallelRunsBitForBit() throws Exception {
    List<List<String>> results = new java.util.ArrayList<>();
    for (String p : List.of("1", "2")) {
      Path out = dir.resolve("p" + p);
      CliRun r = CliRun.main("scaling", "--n", "8,16", "--width-grid", "4,32", "--seeds", "2",
          "--target-loss", "0.3", "--max-iterations", "8", "--d", "4", "--parallel-runs", p,
          "--out", out.toString());
      assertEquals(0, r.code(), r.describe());
      List<String> rows = new java.util.ArrayList<>();
      for (String line : Files.readAllLines(out.resolve("runs.csv"))) {
        rows.add(line.substring(0, line.lastIndexOf(',')));
      }
      results.add(rows);
    }
    // The local engine (auto on local[*]) trains one block per run whatever --parallel-runs.
    assertEquals(results.get(0), results.get(1));
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

  private static final String[] TINY = {"scaling", "--model", "relu2", "--n", "8,16",
      "--width-grid", "2,8,32,128", "--seeds", "2", "--target-loss", "0.1",
      "--max-iterations", "30", "--d", "4", "--resolution", "0.2", "--engine", "local"};

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void resolutionAndDataSeedsReachTheStudy() throws Exception {
    Path out = dir.resolve("ds");
    CliRun r = CliRun.main(with(TINY, "--data-seeds", "2", "--parallel-runs", "2", "--out",
        out.toString()));
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(0.2, s.get("settings").get("resolution").asDouble());
    assertEquals(2, s.get("settings").get("data_seeds").asInt());
    assertEquals(0.2, s.get("resolution").asDouble());
    assertTrue(s.has("exponent_ci_low") && s.has("exponent_ci_high"), s.toString());
    // 2 sizes x 2 seeds x 2 data seeds.
    assertEquals(1 + 8, Files.readAllLines(out.resolve("thresholds.csv")).size());
    assertTrue(Files.readString(out.resolve("runs.csv")).startsWith("n,width,seed,data_seed,"));
  }

  @Test
  void badResolutionAndDataSeedsAreRefused() {
    String[][] bad = {{"--resolution", "0"}, {"--resolution", "1.5"}, {"--resolution", "x"},
        {"--data-seeds", "0"}, {"--data-seeds", "two"}, {"--parallel-runs", "0"},
        {"--partitions", "-1"}};
    int i = 0;
    for (String[] b : bad) {
      CliRun r = CliRun.main("scaling", b[0], b[1], "--out", dir.resolve("bad" + i++)
          .toString());
      assertEquals(2, r.code(), r.describe());
      assertTrue(r.err().contains(b[0]), b[0] + " " + b[1] + ": " + r.err());
      assertEquals(1, r.err().trim().lines().count(), r.err());
    }
    CliRun help = CliRun.main("scaling", "--help");
    assertTrue(help.out().contains("--resolution") && help.out().contains("--data-seeds"));
  }

  @Test
  void oneSeedSaysWhyThereIsNoInterval() throws Exception {
    Path out = dir.resolve("one");
    String[] args = with(TINY, "--out", out.toString());
    args[8] = "1";
    CliRun r = CliRun.main(args);
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("exponent_ci").isNull(), s.toString());
    assertTrue(s.get("exponent_ci_low").isNull(), s.toString());
    assertTrue(s.get("exponent_ci_note").asText().contains("needs >= 2 seeds"), s.toString());
    assertTrue(r.out().contains("needs >= 2 seeds"), r.out());
    assertTrue(!r.out().contains("NaN"), r.out());
  }

  @Test
  void aRerunResumesAndChangedSettingsAreRefused() throws Exception {
    Path out = dir.resolve("resume");
    CliRun first = CliRun.main(with(TINY, "--out", out.toString()));
    assertEquals(0, first.code(), first.describe());
    JsonNode a = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    // The same study again: no --overwrite needed, nothing retrained.
    CliRun again = CliRun.main(with(TINY, "--parallel-runs", "2", "--out", out.toString()));
    assertEquals(0, again.code(), again.describe());
    assertTrue(again.out().contains("resuming"), again.out());
    JsonNode b = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(a.get("runs").asInt(), b.get("runs_reused").asInt());
    assertEquals(a.get("exponent"), b.get("exponent"));
    assertEquals(a.get("thresholds"), b.get("thresholds"));
    String[] longer = with(TINY, "--out", out.toString());
    longer[12] = "31";
    CliRun changed = CliRun.main(longer);
    assertEquals(2, changed.code(), changed.describe());
    assertTrue(changed.err().contains("--max-iterations 30")
        && changed.err().contains("--max-iterations 31"), changed.err());
    // A directory that is not a study is still refused.
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    CliRun refused = CliRun.main(with(TINY, "--out", other.toString()));
    assertEquals(2, refused.code(), refused.describe());
    assertTrue(refused.err().contains("not empty"), refused.err());
  }

  @Test
  void realDataIsSubsampledToEachN() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,c,label\n");
    java.util.Random rng = new java.util.Random(3);
    for (int i = 0; i < 60; i++) {
      csv.append(rng.nextGaussian()).append(',').append(rng.nextGaussian()).append(',')
          .append(rng.nextGaussian()).append(',').append(rng.nextBoolean() ? 1 : -1)
          .append('\n');
    }
    Path data = dir.resolve("d.csv");
    Files.writeString(data, csv);
    Path out = dir.resolve("real");
    CliRun r = CliRun.main("scaling", "--data", data.toString(), "--normalize", "--n", "10,20",
        "--width-grid", "2,8,32,128", "--seeds", "2", "--target-loss", "0.1",
        "--max-iterations", "30", "--resolution", "0.2", "--engine", "local", "--out",
        out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("settings").get("data").asText().contains("d.csv"), s.toString());
    CliRun tooMany = CliRun.main("scaling", "--data", data.toString(), "--n", "10,100",
        "--out", dir.resolve("real2").toString());
    assertEquals(2, tooMany.code(), tooMany.describe());
    assertTrue(tooMany.err().contains("only 60 rows"), tooMany.err());
    CliRun both = CliRun.main("scaling", "--data", data.toString(), "--d", "5",
        "--out", dir.resolve("real3").toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--d"), both.err());
  }
}
