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

/** {@code widenet train --model deep-last}: outputs, columns, keys and bad options. */
class CliDeepTest {
  @TempDir
  Path dir;

  @Test
  void sketchedRunWritesMetricsAndSparsity() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = CliRun.train("--model", "deep-last", "--depth", "3", "--width", "1024",
        "--synthetic", "sphere:n=16,d=6,target=random", "--gn", "tensorsrht", "--sketch-size",
        "1024", "--iterations", "4", "--partitions", "2", "--master", "local[2]", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change,residual_norm,contraction,max_move_bound,sketch_error,"
        + "active_fraction,cg_iterations,seconds", lines.get(0));
    assertEquals(org.widenet.deep.DeepRecord.HEADER, lines.get(0));
    assertEquals(6, lines.size());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", s.get("status").asText());
    assertEquals(1024, s.get("sketch_size").asInt());
    assertEquals(2, s.get("sparsity").size());
    assertTrue(s.get("final_loss").asDouble() < 1e-2 * s.get("initial_loss").asDouble());
    assertTrue(Double.parseDouble(lines.get(1).split(",")[12]) > 0, "sketch_error reported");
  }

  @Test
  void preconditionedCgIsReportedInSummaryAndOnTheConsole() throws Exception {
    Path out = dir.resolve("pcg");
    CliRun r = CliRun.train("--model", "deep-last", "--depth", "2", "--width", "512",
        "--synthetic", "sphere:n=16,d=6,target=random", "--gn", "cg", "--damping", "1e-8",
        "--preconditioner-rank", "8", "--preconditioner-every", "2", "--iterations", "3",
        "--partitions", "2", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Nystrom preconditioner of rank 8"), r.out());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(8, s.get("settings").get("preconditioner_rank").asInt());
    assertEquals(2, s.get("settings").get("preconditioner_every").asInt());
    JsonNode cg = s.get("cg_iterations");
    assertEquals(3, cg.get("solves").asInt(), cg.toString());
    assertTrue(cg.get("max").asInt() > 0, cg.toString());
    assertEquals(8, cg.get("preconditioner").get("rank").asInt(), cg.toString());
    assertEquals(2, cg.get("preconditioner").get("builds").asInt(), cg.toString());
    CliRun exact = CliRun.train("--model", "deep-last", "--synthetic",
        "sphere:n=16,d=6,target=random", "--preconditioner-rank", "8", "--out",
        dir.resolve("pcg-exact").toString());
    assertEquals(2, exact.code());
    assertTrue(exact.err().contains("apply to --gn cg only"), exact.err());
  }

  @Test
  void badOptionsStopBeforeSpark() {
    CliRun r = CliRun.train("--model", "deep-last", "--synthetic",
        "sphere:n=16,d=6,target=random", "--gn", "tensorsketch", "--sketch-size", "1000",
        "--out", dir.resolve("a").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("power of two"), r.err());
    r = CliRun.train("--model", "deep-last", "--synthetic", "sphere:n=16,d=6,target=random",
        "--depth", "1", "--out", dir.resolve("b").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--depth"), r.err());
    r = CliRun.train("--model", "deep-last", "--synthetic", "sphere:n=16,d=6,target=random",
        "--gn", "tensorsrht", "--sketch-size", "8", "--out", dir.resolve("c").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("smaller than n"), r.err());
    r = CliRun.train("--model", "deep-last", "--synthetic", "sphere:n=16,d=6,target=random",
        "--alpha", "0.2", "--threshold", "1", "--out", dir.resolve("d").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--alpha or --threshold"), r.err());
  }

  @Test
  void configFileCanSelectDeepLast() throws Exception {
    Path config = CliRun.write(dir.resolve("deep.properties"), "model=deep-last\n"
        + "depth=1\n");
    assertEquals(TrainCommand.Route.DEEP_LAST,
        TrainCommand.route(new String[] {"--config", config.toString()}));
    assertEquals(TrainCommand.Route.TWO_LAYER,
        TrainCommand.route(new String[] {"--model", "relu2"}));
    CliRun r = CliRun.train("--config", config.toString(), "--synthetic",
        "sphere:n=16,d=6,target=random", "--out", dir.resolve("e").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--depth must be at least 2"), r.err());
  }

  @Test
  void trainingTwoLayersRunsInTheDriver() throws Exception {
    Path out = dir.resolve("two");
    CliRun r = CliRun.train("--model", "deep-last", "--depth", "3", "--width", "1024",
        "--synthetic", "sphere:n=16,d=6,target=random", "--train-layers", "2", "--iterations",
        "3", "--master", "local[1]", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("beyond the paper's guarantee"), r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(2, s.get("settings").get("train_layers").asInt());
    assertTrue(s.get("final_loss").asDouble() < 1e-3 * s.get("initial_loss").asDouble());
    CliRun bad = CliRun.train("--model", "deep-last", "--synthetic",
        "sphere:n=12,d=5,target=random", "--train-layers", "2", "--gn", "cg", "--out",
        dir.resolve("two-bad").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--train-layers 2"), bad.err());
  }

  @Test
  void oldCgSpellingsAndOtherOptimizersAreRefused() throws Exception {
    String[] base = {"--model", "deep-last", "--synthetic", "sphere:n=16,d=6,target=random",
        "--gn", "cg", "--width", "64", "--out", dir.resolve("f").toString()};
    CliRun r = CliRun.train(concat(base, "--cg-tolerance", "1e-8"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cg-tolerance is now --cg-tol"), r.err());
    r = CliRun.train(concat(base, "--cg-max-iterations", "5"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cg-max-iterations is now --cg-max-iter"), r.err());
    Path config = CliRun.write(dir.resolve("old.properties"), "cg-tolerance=1e-8\n");
    r = CliRun.train(concat(base, "--config", config.toString()));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cg-tolerance is now --cg-tol"), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    for (String optimizer : new String[] {"gd", "sgd"}) {
      r = CliRun.train(concat(base, "--optimizer", optimizer));
      assertEquals(2, r.code());
      assertTrue(r.err().contains("deep-last supports gn"), r.err());
    }
    r = CliRun.train(concat(base, "--optimizer", "gn", "--cg-tol", "0"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cg-tol must be > 0"), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
