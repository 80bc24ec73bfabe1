package org.widenet.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import scala.Function1;

/**
 * The Params of widenet's estimators and models, created once per owner (the column Params,
 * featuresCol, labelCol, predictionCol and rawPredictionCol, are Spark's own, from the
 * Predictor and Classifier bases). Names follow Spark where Spark has a shared name (maxIter,
 * stepSize, seed, checkpointInterval, aggregationDepth) and the CLI's settings otherwise;
 * defaults are the CLI's. stepSize has no default: unset means 1/lambda_max(J J^T) for gd and 1 for gn.
 */
final class WideNetParamSet {
  final Param<String> model;
  final LongParam width;
  final Param<String> optimizer;
  final IntParam epochs;
  final IntParam batchSize;
  final DoubleParam stepSize;
  final DoubleParam damping;
  final IntParam maxIter;
  final IntParam numBlocks;
  final LongParam seed;
  final DoubleParam initScale;
  final BooleanParam symmetricInit;
  final BooleanParam scaleLabels;
  final IntParam gramEvery;
  final Param<String> gram;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final IntParam aggregationDepth;
  final LongParam broadcastThreshold;

  WideNetParamSet(Params owner) {
    Identifiable id = owner;
    model = new Param<>(id, "model", "model family: relu2 or exp2 (one output), or softmax2 "
        + "(classifier: one output per class, trained on one-hot targets)",
        ParamValidators.inArray(new String[] {"relu2", "exp2", "softmax2"}));
    width = new LongParam(id, "width", "hidden neurons m (>= 1)", ParamValidators.gtEq(1));
    optimizer = new Param<>(id, "optimizer", "gd (gradient descent), gn (Gauss-Newton) or "
        + "sgd (mini-batch SGD: batchSize, epochs; needs stepSize)",
        ParamValidators.inArray(new String[] {"gd", "gn", "sgd"}));
    epochs = new IntParam(id, "epochs", "sgd: passes over the data (>= 0)",
        ParamValidators.gtEq(0));
    batchSize = new IntParam(id, "batchSize", "sgd: rows per step (1..n)",
        ParamValidators.gtEq(1));
    stepSize = new DoubleParam(id, "stepSize", "step size eta (> 0); unset means "
        + "1/lambda_max(J J^T) at initialization for gd and 1 for gn", ParamValidators.gt(0));
    damping = new DoubleParam(id, "damping", "Gauss-Newton damping mu (>= 0)",
        ParamValidators.gtEq(0));
    maxIter = new IntParam(id, "maxIter", "number of updates (>= 0)", ParamValidators.gtEq(0));
    numBlocks = new IntParam(id, "numBlocks", "neuron blocks; 0 means Spark's default "
        + "parallelism", ParamValidators.gtEq(0));
    seed = new LongParam(id, "seed", "seed of the initial weights");
    initScale = new DoubleParam(id, "initScale", "kappa (relu2) or sigma (exp2), > 0",
        ParamValidators.gt(0));
    symmetricInit = new BooleanParam(id, "symmetricInit", "pair neurons so f(0) = 0 (width "
        + "must be even)");
    scaleLabels = new BooleanParam(id, "scaleLabels", "regressor: divide the labels by max "
        + "|label| before training, since the models assume |y| <= 1 (without it a label "
        + "outside [-1, 1] fails the fit); predictions are multiplied back to the labels' units");
    gramEvery = new IntParam(id, "gramEvery", "Gram diagnostics every k iterations (>= 1)",
        ParamValidators.gtEq(1));
    gram = new Param<>(id, "gram", "exact (form the n x n Gram on the driver), matrix-free "
        + "(only multiply by it: CG for gn, Lanczos for the spectrum) or auto (exact when it "
        + "fits 60% of the driver heap)", ParamValidators.inArray(new String[] {"exact",
            "matrix-free", "auto"}));
    checkpointDir = new Param<>(id, "checkpointDir", "directory (any Hadoop path) for the "
        + "engine's block files, from which a lost block is rebuilt; empty: lost blocks are "
        + "rebuilt from the seed by replaying the logged steps", alwaysValid());
    checkpointInterval = new IntParam(id, "checkpointInterval", "with checkpointDir, write the "
        + "block files every k iterations (>= 1)", ParamValidators.gtEq(1));
    aggregationDepth = new IntParam(id, "aggregationDepth", "1: sum every block partial on "
        + "the driver; 2: sum groups of 16 on executors first", ParamValidators.inRange(1, 2));
    broadcastThreshold = new LongParam(id, "broadcastThreshold", "transform broadcasts the "
        + "weights to the rows when they hold at most this many doubles, else streams row "
        + "batches to the neuron blocks", ParamValidators.gtEq(0));
  }

  /** Spark's setDefault for every param that has one. */
  void setDefaults(Params owner) {
    owner.setDefault(model, "relu2");
    owner.setDefault(width, 10_000L);
    owner.setDefault(optimizer, "gd");
    owner.setDefault(epochs, 10);
    owner.setDefault(batchSize, 128);
    owner.setDefault(damping, 0.0);
    owner.setDefault(maxIter, 100);
    owner.setDefault(numBlocks, 0);
    owner.setDefault(seed, 0L);
    owner.setDefault(initScale, 1.0);
    owner.setDefault(symmetricInit, false);
    owner.setDefault(scaleLabels, false);
    owner.setDefault(gramEvery, 10);
    owner.setDefault(gram, "auto");
    owner.setDefault(checkpointDir, "");
    owner.setDefault(checkpointInterval, 10);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(broadcastThreshold, 50_000_000L);
  }

  private static Function1<String, Object> nonEmpty() {
    return new StringCheck(false);
  }

  private static Function1<String, Object> alwaysValid() {
    return new StringCheck(true);
  }

  /** A serializable validator: non-null, and non-empty unless empty is allowed. */
  private static final class StringCheck extends scala.runtime.AbstractFunction1<String, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean emptyAllowed;

    StringCheck(boolean emptyAllowed) {
      this.emptyAllowed = emptyAllowed;
    }

    @Override
    public Object apply(String s) {
      return s != null && (emptyAllowed || !s.isEmpty());
    }
  }
}
