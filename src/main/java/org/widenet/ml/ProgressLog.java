package org.widenet.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.widenet.report.ProgressPrinter;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * A fit's listener: keeps every iteration's record (and its validation loss) for the summary,
 * writes one progress line per iteration to the driver log (logger org.widenet.ml.ProgressLog,
 * level INFO), so a notebook's driver log shows a fit moving, calls the user's
 * {@link WideNetFitListener}s, and stops the fit when tol is met ({@link EarlyStop}).
 */
final class ProgressLog implements TrainingListener {
  private static final Logger LOG = LogManager.getLogger(ProgressLog.class);
  private final String what;
  private final long total;
  private final double tol;
  private final List<WideNetFitListener> listeners;
  private final List<IterationRecord> records = new ArrayList<>();
  private final List<Double> validationLosses = new ArrayList<>();
  private DoubleSupplier validation;
  private double learningRate = Double.NaN;
  private String stopReason;

  /**
   * @param what the stage and family, e.g. "WideNetClassifier softmax2"
   * @param total the iterations (or sgd steps) the fit will run
   * @param tol the tol Param (0: never stop early)
   * @param listeners the estimator's listeners
   */
  ProgressLog(String what, long total, double tol, List<WideNetFitListener> listeners) {
    this.what = what;
    this.total = total;
    this.tol = tol;
    this.listeners = List.copyOf(listeners);
  }

  /** Computes the held-out loss at every iteration from now on. */
  void validateWith(DoubleSupplier heldOutLoss) {
    this.validation = heldOutLoss;
  }

  @Override
  public void onIteration(IterationRecord r) {
    double v = validation == null ? Double.NaN : validation.getAsDouble();
    double previous = records.isEmpty() ? Double.NaN : records.get(records.size() - 1).loss();
    records.add(r);
    validationLosses.add(v);
    LOG.info(line(r, v));
    for (WideNetFitListener l : listeners) {
      l.onIteration(r.iteration(), r.loss(), r.elapsedMs(), v);
    }
    if (records.size() > 1 && EarlyStop.met(previous, r.loss(), tol)) {
      stopReason = EarlyStop.TOL;
      LOG.info(String.format(Locale.ROOT, "%s: stopping at iteration %d: the relative loss "
          + "decrease is at most tol = %.3g", what, r.iteration(), tol));
      throw new EarlyStop(r.iteration());
    }
  }

  String line(IterationRecord r, double validationLoss) {
    return String.format(Locale.ROOT, "%s: iteration %d/%d, loss %.6e%s, %.1f s%s", what,
        r.iteration(), total, r.loss(), Double.isNaN(validationLoss) ? ""
            : String.format(Locale.ROOT, ", validation loss %.6e", validationLoss),
        r.elapsedMs() / 1000.0, Double.isNaN(r.lambdaMin()) ? ""
            : String.format(Locale.ROOT, ", lambda_min %.4g", r.lambdaMin()));
  }

  @Override
  public void onPreconditioner(int iteration, int rank, String sketch, int passes,
      double seconds) {
    LOG.info(ProgressPrinter.preconditionerLine(what + ": iteration " + iteration, rank, sketch,
        passes, seconds));
  }

  @Override
  public void onCgProgress(int iteration, int cgIterations, double relativeResidual,
      double seconds) {
    LOG.info(ProgressPrinter.cgProgressLine(what + ": iteration " + iteration, cgIterations,
        relativeResidual, seconds));
  }

  @Override
  public void onLearningRate(double eta, boolean automatic) {
    learningRate = eta;
    LOG.info(String.format(Locale.ROOT, "%s: step size %.6g%s", what, eta,
        automatic ? " (automatic)" : ""));
  }

  double learningRate() {
    return learningRate;
  }

  /** Whether the fit stopped early (tol met). */
  boolean stoppedEarly() {
    return stopReason != null;
  }

  /**
   * The summary of the fit so far.
   *
   * @param eta the step size used
   * @param ranOut why a fit that did not stop early stopped: {@link EarlyStop#MAX_ITER} or
   *     {@link EarlyStop#EPOCHS}
   */
  TrainingSummary summary(double eta, Map<String, Object> provenance, String ranOut) {
    return new TrainingSummary(records, validationLosses.stream()
        .mapToDouble(Double::doubleValue).toArray(), eta,
        stopReason != null ? stopReason : ranOut, provenance);
  }
}
