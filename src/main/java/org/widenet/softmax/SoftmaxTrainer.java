package org.widenet.softmax;

import org.widenet.model.Pass;
import org.widenet.train.BlockEngine;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainingDivergedException;
import org.widenet.train.TrainingListener;

/**
 * The softmax2 driver loop (Gu et al. Definition 3.5): each iteration broadcasts the residual
 * (or the Gauss-Newton step matrix) with the log-normalizers and softmax averages at the current
 * weights, every block applies its own share of the update and returns its max-shifted sums at
 * the new weights, the driver merges them in log-sum-exp form, forms F and the loss. Gram
 * diagnostics (lambda_min, lambda_max and drift of J J^T) cost one extra pass where asked.
 */
public final class SoftmaxTrainer {
  private final SoftmaxSpec spec;
  private final SoftmaxTrainConfig config;
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int d;
  private java.util.function.ObjDoubleConsumer<Integer> couplingSink = (t, e) -> { };

  /**
   * @param x training inputs, n x d column-major
   * @param y training labels, n x k column-major (output l of row i at l n + i)
   */
  public SoftmaxTrainer(SoftmaxSpec spec, SoftmaxTrainConfig config, double[] x, double[] y,
      int n, int d) {
    if (x.length != n * d || y.length != n * spec.outputs()) {
      throw new IllegalArgumentException("x must be n x d = " + n + " x " + d + " and y n x k = "
          + n + " x " + spec.outputs() + ", got lengths " + x.length + " and " + y.length);
    }
    this.spec = spec;
    this.config = config;
    this.x = x;
    this.y = y;
    this.n = n;
    this.d = d;
  }

  /**
   * Receives Theorem F.2's coupling error of iteration t before the listener gets the
   * iteration's record (so a metrics column can show it).
   */
  public SoftmaxTrainer onCouplingError(java.util.function.ObjDoubleConsumer<Integer> sink) {
    this.couplingSink = sink;
    return this;
  }

  /**
   * Trains on the engine (at initialization) for the configured iterations.
   *
   * @param listener receives one record per iteration, or null
   * @param xCoupling held-out inputs (rows x d) for Theorem F.2's coupling error, or null
   */
  public SoftmaxResult run(BlockEngine engine, TrainingListener listener, double[] xCoupling,
      int couplingRows) {
    SoftmaxFamily.requireSpec(engine, spec);
    TrainingListener out = listener == null ? r -> { } : listener;
    long start = System.nanoTime();
    int k = spec.outputs();
    int nk = n * k;
    int m = spec.width();
    boolean gn = config.optimizer() == OptimizerKind.GN;
    SoftmaxPartial p = (SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0);
    Normalizers at = Normalizers.of(p, m);
    double[] residual = residual(at.outputs());
    double loss = halfSquaredNorm(residual);
    checkFinite(loss, loss, 0);
    boolean needGram = config.gramEvery() > 0 || config.autoRate() || gn || xCoupling != null;
    double[] gram0 = null;
    double[] gram = null;
    double lambdaMin = Double.NaN;
    double lambdaMax = Double.NaN;
    if (needGram) {
      gram0 = SoftmaxGram.jacobianGram(engine, at, x, n, d, k);
      gram = gram0;
      double[] ext = SoftmaxGram.extremeEigenvalues(gram0, nk);
      lambdaMin = ext[0];
      lambdaMax = ext[1];
    }
    double eta = config.learningRate();
    if (config.autoRate()) {
      eta = gn ? 1.0 : config.lrConstant() / lambdaMax;
      if (!(eta > 0 && Double.isFinite(eta))) {
        throw new TrainingDivergedException("the automatic step size c / lambda_max(J J^T) is "
            + eta + " (lambda_max = " + lambdaMax + "); give --lr");
      }
    }
    NtkCoupling coupling = null;
    double[] couplingErrors = null;
    if (xCoupling != null) {
      double[] cross = NtkCoupling.crossKernel(engine, spec, at, x, n, d, xCoupling,
          couplingRows);
      coupling = new NtkCoupling(gram0, cross, y, nk, couplingRows * k);
      couplingErrors = new double[config.iterations() + 1];
      couplingErrors[0] = coupling.error(Normalizers.of(SoftmaxJobs.outputsOn(engine,
          xCoupling, couplingRows), m).outputs());
      couplingSink.accept(0, couplingErrors[0]);
    }
    double[] losses = new double[config.iterations() + 1];
    losses[0] = loss;
    out.onIteration(new IterationRecord(0, loss, elapsed(start), lambdaMin, lambdaMax,
        needGram ? 0.0 : Double.NaN, 0.0, 0.0, Double.NaN));
    out.onLearningRate(eta, config.autoRate());
    for (int t = 1; t <= config.iterations(); t++) {
      double[] v = gn ? SoftmaxGram.solve(gram, nk, config.damping(), residual) : residual;
      p = (SoftmaxPartial) engine.advance(SoftmaxStep.step(at, v, eta), Pass.FORWARD, t);
      at = Normalizers.of(p, m);
      residual = residual(at.outputs());
      loss = halfSquaredNorm(residual);
      checkFinite(loss, losses[0], t);
      losses[t] = loss;
      double lmin = Double.NaN;
      double lmax = Double.NaN;
      double drift = Double.NaN;
      boolean gramNow = config.gramEvery() > 0
          && (t % config.gramEvery() == 0 || t == config.iterations());
      if (gramNow || (gn && t < config.iterations())) {
        gram = SoftmaxGram.jacobianGram(engine, at, x, n, d, k);
        if (gramNow) {
          double[] ext = SoftmaxGram.extremeEigenvalues(gram, nk);
          lmin = ext[0];
          lmax = ext[1];
          drift = SoftmaxGram.drift(gram, gram0, nk);
        }
      }
      if (coupling != null) {
        coupling.step(eta);
        couplingErrors[t] = coupling.error(Normalizers.of(SoftmaxJobs.outputsOn(engine,
            xCoupling, couplingRows), m).outputs());
        couplingSink.accept(t, couplingErrors[t]);
      }
      out.onIteration(new IterationRecord(t, loss, elapsed(start), lmin, lmax, drift,
          p.maxMove(), Math.sqrt(p.sumSquaredMove()), Double.NaN));
    }
    return new SoftmaxResult(losses, eta, lambdaMin, lambdaMax, at.outputs(), couplingErrors);
  }

  private double[] residual(double[] f) {
    double[] r = new double[f.length];
    for (int p = 0; p < f.length; p++) {
      r[p] = f[p] - y[p];
    }
    return r;
  }

  static double halfSquaredNorm(double[] r) {
    double s = 0.0;
    for (double v : r) {
      s += v * v;
    }
    return 0.5 * s;
  }

  /**
   * Stops a run whose loss is not finite or has grown past {@link
   * TrainConfig#DEFAULT_DIVERGENCE_FACTOR} times its start, as relu2's runs stop.
   */
  private static void checkFinite(double loss, double initial, int t) {
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException("the loss is " + loss + " at iteration " + t
          + "; lower --lr");
    }
    if (t > 0 && initial > 0 && loss > TrainConfig.DEFAULT_DIVERGENCE_FACTOR * initial) {
      throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
          "diverged: the loss grew to %.4g, %.3g times its start, at iteration %d; lower --lr",
          loss, loss / initial, t));
    }
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000L;
  }
}
