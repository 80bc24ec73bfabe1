package org.widenet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * The metrics.csv column {@code cg_iterations} of a matrix-free Gauss-Newton run: in row t, the
 * conjugate-gradient iterations (passes over the blocks) of the solve whose step produced the
 * weights of iteration t; empty in row 0. Also keeps the run's totals for summary.json, with
 * the Nystrom preconditioner's rank, sketch (sampled columns or products), builds, passes over
 * the blocks and build time when CG is preconditioned.
 */
final class CgIterations implements MetricsCsvWriter.ExtraColumn, TrainingListener {
  static final String COLUMN = "cg_iterations";

  private final Map<Integer, Integer> byIteration = new HashMap<>();
  private int solves;
  private long total;
  private int max;
  private int notConverged;
  private double worstResidual;
  private int builds;
  private int rank;
  private double buildSeconds;
  private String sketch;
  private long passes;
  /** Build seconds summed by part over the builds (columns, factor, solve, gram, sigma). */
  private final Map<String, Double> buildParts = new LinkedHashMap<>();
  private double lastLambdaR = Double.NaN;

  @Override
  public String name() {
    return COLUMN;
  }

  @Override
  public double valueAt(int iteration) {
    Integer k = byIteration.get(iteration);
    return k == null ? Double.NaN : k;
  }

  @Override
  public boolean integral() {
    return true;
  }

  @Override
  public void onIteration(IterationRecord record) {
    byIteration.keySet().removeIf(t -> t < record.iteration());
  }

  @Override
  public void onStepSolved(int iteration, int cgIterations, double relativeResidual,
      boolean converged) {
    byIteration.put(iteration, cgIterations);
    count(cgIterations);
    if (!converged) {
      notConverged++;
    }
    worstResidual = Math.max(worstResidual, relativeResidual);
  }

  @Override
  public void onPreconditioner(int iteration, int preconditionerRank, String how,
      int buildPasses, double seconds) {
    builds++;
    rank = preconditionerRank;
    sketch = how;
    passes += buildPasses;
    buildSeconds += seconds;
  }

  @Override
  public void onPreconditionerParts(int iteration, Map<String, Double> secondsByPart,
      double lambdaR) {
    secondsByPart.forEach((part, seconds) -> buildParts.merge(part, seconds, Double::sum));
    lastLambdaR = lambdaR;
  }

  private void count(int cgIterations) {
    solves++;
    total += cgIterations;
    max = Math.max(max, cgIterations);
  }

  /**
   * Counts the solves recorded in a metrics.csv restored from a checkpoint, so a resumed run's
   * totals cover the whole run (the residuals of those solves are not in the file).
   */
  void countEarlier(Path metricsFile) {
    try {
      List<String> lines = Files.readAllLines(metricsFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return;
      }
      List<String> header = List.of(lines.get(0).split(",", -1));
      int column = header.indexOf(COLUMN);
      int iterationColumn = header.indexOf("iteration");
      if (column < 0) {
        return;
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        // Row 0 has no solve (deep-last writes 0 there, the two-layer families nothing).
        boolean initial = iterationColumn >= 0 && iterationColumn < cells.length
            && cells[iterationColumn].equals("0");
        if (!initial && column < cells.length && !cells[column].isEmpty()) {
          count((int) Double.parseDouble(cells[column]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metricsFile, e);
    }
  }

  /** solves, max, mean, not_converged and max_relative_residual, for summary.json. */
  Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("solves", solves);
    s.put("max", max);
    s.put("mean", solves == 0 ? 0.0 : (double) total / solves);
    s.put("not_converged", notConverged);
    s.put("max_relative_residual", worstResidual);
    if (builds > 0) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("kind", "nystrom");
      p.put("rank", rank);
      p.put("builds", builds);
      p.put("sketch", sketch);
      p.put("passes", passes);
      p.put("build_seconds", buildSeconds);
      if (!buildParts.isEmpty()) {
        p.put("build_seconds_by_part", new LinkedHashMap<>(buildParts));
        p.put("lambda_r", lastLambdaR);
      }
      s.put("preconditioner", p);
    }
    return s;
  }
}
