package org.widenet.train;

import org.widenet.math.ColumnNystrom;
import org.widenet.math.ConjugateGradient;
import org.widenet.math.Lanczos;
import org.widenet.math.NystromPreconditioner;
import org.widenet.math.Preconditioner;
import org.widenet.math.SingularSystemException;
import org.widenet.model.Share;

/**
 * The Gram never formed: every product H v is one pass over the blocks
 * ({@link DriverMath#gramTimes}), so neither the driver nor an executor holds an n x n array.
 * Gauss-Newton systems are solved by conjugate gradients, preconditioned when asked by a
 * Nystrom approximation of H of rank r, rebuilt every {@link GramSettings#preconditionerEvery()}
 * steps: from r uniformly sampled columns of H where the family forms columns directly (relu2,
 * exp2: one pass per batch of columns, {@link DriverMath#gramColumns}; applied by Woodbury,
 * {@link ColumnNystrom}), else from r products with a Gaussian test matrix
 * ({@link NystromPreconditioner}); lambda_min and lambda_max come from
 * Lanczos (lambda_max accurate, lambda_min an upper estimate: see {@link Lanczos}). The Gram
 * drift ||H(t) - H(0)||_F is not computed (NaN): it would need H itself.
 */
final class MatrixFreeGram implements DriverGram {
  private final TrainConfig config;
  private final DriverMath math;
  private final BlockEngine engine;
  private final int n;
  private final TrainingListener listener;
  private Share at;
  private Preconditioner preconditioner;
  private int solvesSinceBuild;

  /** @param n the order of H: n k */
  MatrixFreeGram(TrainConfig config, DriverMath math, BlockEngine engine, int n,
      TrainingListener listener) {
    this.config = config;
    this.math = math;
    this.engine = engine;
    this.n = n;
    this.listener = listener;
  }

  /**
   * The preconditioner for the solve at the weights of iteration t: built at the first solve,
   * every preconditionerEvery solves after and at every checkpointed iteration, from the Gram
   * at those weights (its columns or test matrix seeded by t), so a run resumed from a
   * checkpoint builds the same ones as the uninterrupted run; null for plain CG.
   */
  private Preconditioner preconditioner(int t) {
    GramSettings s = config.gram();
    if (s.preconditionerRank() == 0) {
      return null;
    }
    if (preconditioner == null || solvesSinceBuild >= s.preconditionerEvery()) {
      long start = System.nanoTime();
      int rank = Math.min(s.preconditionerRank(), n);
      long seed = 0x5EED0000L + t;
      String sketch;
      int passes;
      java.util.Map<String, Double> parts = null;
      double lambdaR = Double.NaN;
      if (math.formsGramColumns()) {
        // r sampled columns of H, formed directly: one pass per batch of columns.
        int[] rows = NystromPreconditioner.sampleColumns(n, rank, seed);
        passes = passesFor(rank);
        long columnsStart = System.nanoTime();
        double[] columns = math.gramColumns(engine, at, rows);
        double columnSeconds = (System.nanoTime() - columnsStart) / 1e9;
        // F in single precision: half the memory and half the time of each application.
        ColumnNystrom built = ColumnNystrom.fromColumns(n, columns, rows, true);
        ColumnNystrom.BuildTimes bt = built.buildTimes();
        preconditioner = built;
        sketch = "columns";
        parts = new java.util.LinkedHashMap<>();
        parts.put("columns", columnSeconds);
        parts.put("factor", bt.factor());
        parts.put("solve", bt.solve());
        parts.put("gram", bt.gram());
        parts.put("sigma", bt.sigma());
        lambdaR = built.lambdaR();
      } else {
        preconditioner = NystromPreconditioner.build(n, rank,
            q -> math.gramTimesColumns(engine, at, q, rank), seed);
        sketch = "products";
        passes = rank;
      }
      solvesSinceBuild = 0;
      listener.onPreconditioner(t + 1, rank, sketch, passes,
          (System.nanoTime() - start) / 1e9);
      if (parts != null) {
        listener.onPreconditionerParts(t + 1, java.util.Collections.unmodifiableMap(parts),
            lambdaR);
      }
    }
    solvesSinceBuild++;
    return preconditioner;
  }

  /** The passes {@link ScalarMath#gramColumns} takes for r columns. */
  private int passesFor(int rank) {
    int batch = ScalarMath.columnsPerPass(n, engine.numBlocks());
    return (rank + batch - 1) / batch;
  }

  private double[] times(double[] v) {
    return math.gramTimes(engine, at, v);
  }

  @Override
  public boolean needsShares(int t, boolean replay) {
    return false;
  }

  @Override
  public Spectrum observe(Share sum, int t, boolean replay) {
    at = sum;
    if (replay || !config.spectrumAt(t)) {
      return Spectrum.NONE;
    }
    try {
      Lanczos.Result r = Lanczos.extremes(n, this::times, config.gram().lanczosSteps(),
          Lanczos.DEFAULT_TOLERANCE);
      return new Spectrum(r.lambdaMin(), r.lambdaMax(), Double.NaN);
    } catch (ArithmeticException e) {
      throw new TrainingDivergedException("diverged at iteration " + t + ": a Gram product "
          + "is not finite (" + e.getMessage() + ")", e);
    }
  }

  /** A resumed run builds the preconditioner at its first solve: so does this run at t. */
  @Override
  public void checkpointedAt(int t) {
    preconditioner = null;
  }

  @Override
  public Solution solve(double[] residual, double damping, int t) {
    GramSettings s = config.gram();
    try {
      Preconditioner p = preconditioner(t);
      long start = System.nanoTime();
      long[] nextReport = {start + (long) (TrainingListener.CG_PROGRESS_SECONDS * 1e9)};
      ConjugateGradient.Result r = ConjugateGradient.solve(this::times, damping,
          residual, s.cgTolerance(), s.cgMaxIterations(),
          p == null ? null : v -> p.apply(v, damping), (k, relative) -> {
            long now = System.nanoTime();
            if (now >= nextReport[0]) {
              nextReport[0] = now + (long) (TrainingListener.CG_PROGRESS_SECONDS * 1e9);
              listener.onCgProgress(t + 1, k, relative, (now - start) / 1e9);
            }
          });
      return new Solution(r.solution(), r.iterations(), r.relativeResidual(), r.converged());
    } catch (SingularSystemException e) {
      throw new SingularSystemException("Gauss-Newton system J J^T + mu I (mu = " + damping
          + ") is not positive definite at iteration " + t + " (conjugate gradients found a "
          + "direction of non-positive curvature): set --damping to a positive value, e.g. "
          + "1e-8 times lambda_max", e.leadingMinor());
    } catch (ArithmeticException e) {
      throw new TrainingDivergedException("diverged at iteration " + t + ": a Gram product "
          + "is not finite (" + e.getMessage() + "); " + math.gaussNewtonAdvice(), e);
    }
  }
}
