package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --gram matrix-free} and {@code --gram auto} end to end: Gauss-Newton by
 * conjugate gradients agrees with the Cholesky run, metrics.csv gains cg_iterations,
 * summary.json says which mode ran and why, auto goes matrix-free under a tiny
 * --driver-gram-limit, and a matrix-free run resumes bit for bit.
 */
class CliMatrixFreeTest {
  private static final String SPEC = "sphere:n=30,d=4,target=random,seed=2";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  private static Path exactGn;
  private static Path freeGn;
  private static CliRun freeRun;

  private static String[] args(Path out, String... more) {
    List<String> all = new ArrayList<>(List.of("--synthetic", SPEC, "--width", "300",
        "--partitions", "2", "--seed", "5", "--iterations", "4", "--gram-every", "2",
        "--master", "local[2]", "--out", out.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @BeforeAll
  static void gaussNewtonBothWays() {
    exactGn = root.resolve("exact-gn");
    CliRun exact = CliRun.train(args(exactGn, "--optimizer", "gn", "--damping", "1e-8",
        "--gram", "exact"));
    assertEquals(0, exact.code(), exact.describe());
    freeGn = root.resolve("free-gn");
    freeRun = CliRun.train(args(freeGn, "--optimizer", "gn", "--damping", "1e-8", "--gram",
        "matrix-free", "--cg-tol", "1e-13"));
    assertEquals(0, freeRun.code(), freeRun.describe());
  }

  private static JsonNode summary(Path out) throws IOException {
    return JSON.readTree(out.resolve("summary.json").toFile());
  }

  private static List<String[]> rows(Path out) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.csv"))) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  @Test
  void matrixFreeGaussNewtonCompletesAndAgreesWithTheCholeskyRun() throws IOException {
    JsonNode exact = summary(exactGn);
    JsonNode free = summary(freeGn);
    assertEquals("completed", free.get("status").asText());
    double a = exact.get("final_loss").asDouble();
    double b = free.get("final_loss").asDouble();
    assertTrue(Math.abs(a - b) <= 1e-8 * a, a + " vs " + b);
    assertTrue(b < 0.5 * free.get("initial_loss").asDouble(), "gn made progress");
    assertEquals("matrix-free", free.get("settings").get("gram").asText());
    assertEquals("exact", exact.get("settings").get("gram").asText());
    JsonNode gram = free.get("gram");
    assertEquals("matrix-free", gram.get("mode").asText());
    assertEquals("--gram", gram.get("chosen_by").asText());
    JsonNode cg = gram.get("cg_iterations");
    assertEquals(4, cg.get("solves").asInt());
    assertEquals(0, cg.get("not_converged").asInt());
    assertTrue(cg.get("max").asInt() >= cg.get("mean").asDouble() && cg.get("mean").asDouble()
        >= 1, cg.toString());
    assertTrue(cg.get("max_relative_residual").asDouble() <= 1e-13);
    assertFalse(exact.get("gram").has("cg_iterations"), "no CG in the exact run");
    assertTrue(freeRun.out().contains("Gram: matrix-free (--gram matrix-free"), freeRun.out());
  }

  @Test
  void metricsGainCgIterationsAndLeaveGramDriftEmpty() throws IOException {
    List<String[]> free = rows(freeGn);
    List<String[]> exact = rows(exactGn);
    assertEquals(String.join(",", exact.get(0)) + ",cg_iterations", String.join(",",
        free.get(0)), "the contract columns first, then cg_iterations");
    assertEquals("", free.get(1)[9], "no solve led to iteration 0");
    int max = 0;
    for (int t = 1; t <= 4; t++) {
      int k = Integer.parseInt(free.get(t + 1)[9]);
      assertTrue(k >= 1 && k <= 30 * 3, "cg_iterations " + k);
      max = Math.max(max, k);
      assertEquals("", free.get(t + 1)[5], "gram_drift is empty in matrix-free mode");
    }
    assertEquals(max, summary(freeGn).get("gram").get("cg_iterations").get("max").asInt());
    // Matrix-free gn estimates the spectrum on the --gram-every schedule only: 0, 2, 4.
    for (int t = 0; t <= 4; t++) {
      assertEquals(t % 2 == 0, !free.get(t + 1)[4].isEmpty(), "lambda_max at " + t);
      if (t % 2 == 0) {
        double e = Double.parseDouble(exact.get(t + 1)[4]);
        double f = Double.parseDouble(free.get(t + 1)[4]);
        assertEquals(e, f, 1e-8 * e, "lambda_max at " + t);
      }
    }
  }

  @Test
  void autoGoesMatrixFreeUnderATinyLimitAndPicksTheSameAutomaticStep() throws IOException {
    Path small = root.resolve("auto-small");
    CliRun r = CliRun.train(args(small, "--gram", "auto", "--driver-gram-limit", "1k"));
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("Gram: matrix-free (chosen by --gram auto"), r.out());
    Path large = root.resolve("auto-large");
    CliRun e = CliRun.train(args(large, "--driver-gram-limit", "1g"));
    assertEquals(0, e.code(), e.describe());
    JsonNode free = summary(small);
    JsonNode exact = summary(large);
    assertEquals("matrix-free", free.get("gram").get("mode").asText());
    assertEquals("auto", free.get("gram").get("chosen_by").asText());
    assertEquals(1024, free.get("gram").get("limit_bytes").asLong());
    assertEquals("exact", exact.get("gram").get("mode").asText());
    assertEquals("auto", exact.get("gram").get("chosen_by").asText());
    double etaFree = free.get("learning_rate").asDouble();
    double etaExact = exact.get("learning_rate").asDouble();
    assertEquals(etaExact, etaFree, 1e-10 * etaExact, "--lr auto from Lanczos vs dsyevd");
    assertFalse(Files.readAllLines(small.resolve("metrics.csv")).get(0)
        .contains("cg_iterations"), "gd solves nothing");
  }

  /** A run checkpointed at 3 and one resumed from a copy of its checkpoint (both succeeded). */
  private record Resumed(Path full, Path checkpoint, Path resumed, CliRun run) {}

  /**
   * Runs {@code options} with checkpoints under names starting with {@code prefix}, resumes
   * from a copy of the checkpoint, and checks that the resumed run's metrics (time aside) and
   * weights are the uninterrupted run's bits.
   */
  private static Resumed resumedBitForBit(String prefix, String... options) throws IOException {
    Path ckFull = root.resolve(prefix + "ck-full");
    Path full = root.resolve(prefix + "resume-full");
    CliRun first = CliRun.train(args(full, concat(options, "--checkpoint-every", "3",
        "--checkpoint-dir", ckFull.toString())));
    assertEquals(0, first.code(), first.describe());
    Path ck = root.resolve(prefix + "ck-copy");
    RunOutputs.copyTree(ckFull, ck);
    Path resumed = root.resolve(prefix + "resumed");
    CliRun again = CliRun.train("--resume", ck.toString(), "--out", resumed.toString());
    assertEquals(0, again.code(), again.describe());
    assertEquals(RunOutputs.metricsWithoutTime(full), RunOutputs.metricsWithoutTime(resumed));
    assertArrayEquals(RunOutputs.weights(full), RunOutputs.weights(resumed), 0.0);
    return new Resumed(full, ck, resumed, again);
  }

  @Test
  void matrixFreeRunResumesBitForBitAndRefusesAnotherGramMode() throws IOException {
    Resumed r = resumedBitForBit("", "--optimizer", "gn", "--damping", "1e-8", "--gram",
        "matrix-free");
    // Resumed at 3: the step from 3 is solved again (replayed), row 4 is new.
    assertTrue(r.run().out().contains("(iteration 3)"), r.run().out());
    assertEquals(4, summary(r.resumed()).get("gram").get("cg_iterations").get("solves").asInt(),
        "rows 1..3 counted from the checkpoint's metrics.csv, plus the replayed solve");
    CliRun other = CliRun.train("--resume", r.checkpoint().toString(), "--out",
        root.resolve("refused").toString(), "--gram", "exact");
    assertEquals(2, other.code(), other.describe());
    assertTrue(other.err().contains("--gram is exact here but was matrix-free"), other.err());
  }

  /**
   * With a preconditioner built every 2 solves and a checkpoint at 3, the resumed run builds
   * it at 3 where the uninterrupted run would have kept the one from 2, unless every run
   * rebuilds at a checkpointed iteration: the metrics and weights are the same bits.
   */
  @Test
  void aPreconditionedRunResumesBitForBit() throws IOException {
    Resumed r = resumedBitForBit("pre-", "--optimizer", "gn", "--damping", "1e-8", "--gram",
        "matrix-free", "--preconditioner-rank", "6", "--preconditioner-every", "2");
    assertEquals(3, summary(r.full()).get("gram").get("cg_iterations").get("preconditioner")
        .get("builds").asInt(), "built at 0, 2 and at the checkpoint, 3");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /**
   * --preconditioner-rank: the Nystrom-preconditioned run reaches the Cholesky run's loss in
   * fewer CG iterations, and summary.json reports the preconditioner's rank, builds and cost.
   */
  @Test
  void aNystromPreconditionerTakesFewerCgIterationsToTheSameLoss() throws IOException {
    Path pre = root.resolve("free-gn-nystrom");
    CliRun r = CliRun.train(args(pre, "--optimizer", "gn", "--damping", "1e-8", "--gram",
        "matrix-free", "--cg-tol", "1e-13", "--preconditioner-rank", "20",
        "--preconditioner-every", "2"));
    assertEquals(0, r.code(), r.describe());
    double a = summary(exactGn).get("final_loss").asDouble();
    double b = summary(pre).get("final_loss").asDouble();
    assertTrue(Math.abs(a - b) <= 1e-8 * a, a + " vs " + b);
    JsonNode plain = summary(freeGn).get("gram").get("cg_iterations");
    JsonNode cg = summary(pre).get("gram").get("cg_iterations");
    assertTrue(cg.get("mean").asDouble() < plain.get("mean").asDouble(), "preconditioned mean "
        + cg.get("mean") + " vs plain " + plain.get("mean"));
    JsonNode p = cg.get("preconditioner");
    assertEquals("nystrom", p.get("kind").asText());
    assertEquals(20, p.get("rank").asInt());
    assertEquals(2, p.get("builds").asInt(), "built at step 1 and rebuilt after 2 solves");
    assertEquals("columns", p.get("sketch").asText(), "relu2 samples columns of the Gram");
    assertEquals(2, p.get("passes").asInt(), "20 columns: one pass per build");
    // Where the builds' time went, part by part, and what they add up to.
    JsonNode parts = p.get("build_seconds_by_part");
    assertEquals(List.of("columns", "factor", "solve", "gram", "sigma"),
        iterableToList(parts.fieldNames()));
    double sum = 0;
    for (JsonNode part : parts) {
      assertTrue(part.asDouble() >= 0, parts.toString());
      sum += part.asDouble();
    }
    assertTrue(sum <= p.get("build_seconds").asDouble() + 1e-9, sum + " vs " + p);
    assertTrue(p.get("lambda_r").asDouble() > 0, p.toString());
    assertEquals(20, summary(pre).get("settings").get("preconditioner_rank").asInt());
  }

  private static List<String> iterableToList(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}
