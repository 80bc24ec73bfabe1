package org.widenet.ml;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * A fit's listener: keeps every iteration's record for the summary and writes one progress
 * line per iteration to the driver log (logger org.widenet.ml.ProgressLog, level INFO), so a
 * notebook's driver log shows a fit moving.
 */
final class ProgressLog implements TrainingListener {
  private static final Logger LOG = LogManager.getLogger(ProgressLog.class);
  private final String what;
  private final long total;
  private final List<IterationRecord> records;
  private double learningRate = Double.NaN;

  /**
   * @param what the stage and family, e.g. "WideNetClassifier softmax2"
   * @param total the iterations (or sgd steps) the fit will run
   * @param records where every record is kept
   */
  ProgressLog(String what, long total, List<IterationRecord> records) {
    this.what = what;
    this.total = total;
    this.records = records;
  }

  @Override
  public void onIteration(IterationRecord r) {
    records.add(r);
    LOG.info(line(r));
  }

  String line(IterationRecord r) {
    return String.format(Locale.ROOT, "%s: iteration %d/%d, loss %.6e, %.1f s%s", what,
        r.iteration(), total, r.loss(), r.elapsedMs() / 1000.0,
        Double.isNaN(r.lambdaMin()) ? "" : String.format(Locale.ROOT, ", lambda_min %.4g",
            r.lambdaMin()));
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
}
