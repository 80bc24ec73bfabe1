package org.widenet.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.train.GramSettings;
import org.widenet.train.TrainConfig;
import scala.Function1;

/**
 * The Params of widenet's estimators and models, created once per owner (the column Params,
 * featuresCol, labelCol, predictionCol and rawPredictionCol, are Spark's own, from the
 * Predictor and Classifier bases). Names follow Spark where Spark has a shared name (maxIter,
 * stepSize, seed, checkpointInterval, aggregationDepth) and the CLI's settings otherwise;
 * defaults are the CLI's, and every doc names the CLI option (ApiParamsMatchCliTest checks
 * it). stepSize has no default: unset means 1/lambda_max(J J^T) for gd and 1 for gn.
 */
final class WideNetParamSet {
  final Param<String> model;
  final Param<String> activation;
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
  final Param<String> stepForm;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final IntParam aggregationDepth;
  final LongParam broadcastThreshold;
  final DoubleParam divergenceFactor;
  final DoubleParam cgTol;
  final IntParam cgMaxIter;
  final IntParam lanczosSteps;
  final IntParam preconditionerRank;
  final IntParam preconditionerEvery;
  final LongParam driverGramLimit;
  final DoubleParam lrConstant;
  final Param<String> init;
  final DoubleParam omegaRatio;
  final BooleanParam lazy;
  final LongParam driverCollectLimit;
  final DoubleParam tol;
  final Param<String> validationIndicatorCol;
  final IntParam depth;
  final DoubleParam alpha;
  final DoubleParam threshold;
  final Param<String> gnMethod;
  final IntParam sketchSize;
  final LongParam sketchSeed;
  final BooleanParam exactCheck;
  final DoubleParam residualTol;

  WideNetParamSet(Params owner) {
    Identifiable id = owner;
    model = new Param<>(id, "model", "model family: relu2 or exp2 (one output), softmax2 "
        + "(classifier: one output per class, trained on one-hot targets), smooth2 "
        + "(regressor: Z = V phi(W X), both layers trained) or deep-last (a deep shifted-ReLU "
        + "network whose last layer is trained by Gauss-Newton; regressor, or a binary "
        + "classifier) (CLI: --model)",
        ParamValidators.inArray(new String[] {"relu2", "exp2", "softmax2", "smooth2",
            "deep-last"}));
    activation = new Param<>(id, "activation", "smooth2: the activation phi, one of gelu "
        + "(the default), gelu-tanh, tanh, sigmoid, softplus, elu; deep-last: shifted (the "
        + "scaled shifted ReLU, its default when unset) or threshold (the hard threshold)"
        + " (CLI: --activation)", ParamValidators.inArray(new String[] {
            "gelu", "gelu-tanh", "tanh", "sigmoid", "softplus", "elu", "shifted",
            "threshold"}));
    width = new LongParam(id, "width", "hidden neurons m (>= 1)"
        + " (CLI: --width)", ParamValidators.gtEq(1));
    optimizer = new Param<>(id, "optimizer", "gd (gradient descent, the default), gn "
        + "(Gauss-Newton) or sgd (mini-batch SGD: batchSize, epochs; needs stepSize); deep-last "
        + "trains by gn only (its default when unset; gd and sgd are refused) (CLI: --optimizer)",
        ParamValidators.inArray(new String[] {"gd", "gn", "sgd"}));
    epochs = new IntParam(id, "epochs", "sgd: passes over the data (>= 0) (CLI: --epochs)",
        ParamValidators.gtEq(0));
    batchSize = new IntParam(id, "batchSize", "sgd: rows per step (1..n) (CLI: --batch-size)",
        ParamValidators.gtEq(1));
    stepSize = new DoubleParam(id, "stepSize", "step size eta (> 0); unset means "
        + "1/lambda_max(J J^T) at initialization for gd and 1 for gn"
        + " (CLI: --lr)", ParamValidators.gt(0));
    damping = new DoubleParam(id, "damping", "Gauss-Newton damping mu (>= 0; deep-last: "
        + "added to the Gram's diagonal) (CLI: --damping)",
        ParamValidators.gtEq(0));
    maxIter = new IntParam(id, "maxIter", "number of updates (>= 0); default 100, deep-last "
        + "10 when unset (the CLI's defaults) (CLI: --iterations)", ParamValidators.gtEq(0));
    numBlocks = new IntParam(id, "numBlocks", "neuron blocks (deep-last: row blocks of every "
        + "layer, at most width); 0 means Spark's default parallelism (CLI: --partitions)",
        ParamValidators.gtEq(0));
    seed = new LongParam(id, "seed", "seed of the initial weights (CLI: --seed)");
    initScale = new DoubleParam(id, "initScale", "kappa (relu2) or sigma (exp2), > 0"
        + " (CLI: --init-scale)",
        ParamValidators.gt(0));
    symmetricInit = new BooleanParam(id, "symmetricInit", "pair neurons so f(0) = 0 (width "
        + "must be even) (CLI: --symmetric-init)");
    scaleLabels = new BooleanParam(id, "scaleLabels", "regressor: divide the labels by max "
        + "|label| before training, since the models assume |y| <= 1 (without it a label "
        + "outside [-1, 1] fails the fit); predictions are multiplied back to the labels' units"
        + " (CLI: --scale-labels)");
    gramEvery = new IntParam(id, "gramEvery", "Gram diagnostics every k iterations (>= 1)"
        + " (CLI: --gram-every)",
        ParamValidators.gtEq(1));
    gram = new Param<>(id, "gram", "exact (form the n x n Gram on the driver), matrix-free "
        + "(only multiply by it: CG for gn, Lanczos for the spectrum) or auto (exact when it "
        + "fits 60% of the driver heap)"
        + " (CLI: --gram)", ParamValidators.inArray(new String[] {"exact",
            "matrix-free", "auto"}));
    stepForm = new Param<>(id, "stepForm", "relu2: how blocks step, on their weights "
        + "(weights: 4 n d m flops a step) or in the span form W = W(0) - X^T A (span: "
        + "2 n^2 m flops, n + n doubles per neuron, X X^T on every executor); auto (the "
        + "default): span when n < 1.6 d, n <= 4096, the Gram is exact and 16 n m bytes fit "
        + "an eighth of the driver heap. The same results up to rounding (CLI: --step-form)", ParamValidators.inArray(new String[] {"auto",
            "weights", "span"}));
    checkpointDir = new Param<>(id, "checkpointDir", "directory (any Hadoop path) for the "
        + "engine's block files, from which a lost block is rebuilt; empty: lost blocks are "
        + "rebuilt from the seed by replaying the logged steps"
        + " (CLI: --checkpoint-dir)", alwaysValid());
    checkpointInterval = new IntParam(id, "checkpointInterval", "with checkpointDir, write the "
        + "block files every k iterations (>= 1)"
        + " (CLI: --checkpoint-every)", ParamValidators.gtEq(1));
    aggregationDepth = new IntParam(id, "aggregationDepth", "1: sum every block partial on "
        + "the driver; 2: sum groups of 16 on executors first"
        + " (API only: the CLI has no such setting)", ParamValidators.inRange(1, 2));
    broadcastThreshold = new LongParam(id, "broadcastThreshold", "transform broadcasts the "
        + "weights to the rows when they hold at most this many doubles, else streams row "
        + "batches to the neuron blocks"
        + " (API only: the CLI has no such setting)", ParamValidators.gtEq(0));
    divergenceFactor = new DoubleParam(id, "divergenceFactor", "relu2, exp2, smooth2: stop "
        + "as diverged when the loss exceeds this multiple of its start (> 1) (CLI: "
        + "--divergence-factor)", ParamValidators.gt(1));
    cgTol = new DoubleParam(id, "cgTol", "matrix-free gn and deep-last gnMethod cg: relative "
        + "residual of the CG solve (> 0) (CLI: --cg-tol)", ParamValidators.gt(0));
    cgMaxIter = new IntParam(id, "cgMaxIter", "matrix-free gn and deep-last gnMethod cg: CG "
        + "iteration cap (>= 1) (CLI: --cg-max-iter)", ParamValidators.gtEq(1));
    lanczosSteps = new IntParam(id, "lanczosSteps", "matrix-free: Lanczos steps per spectrum "
        + "estimate (>= 1) (CLI: --lanczos-steps)", ParamValidators.gtEq(1));
    preconditionerRank = new IntParam(id, "preconditionerRank", "matrix-free gn (deep-last: "
        + "gnMethod cg): rank of the Nystrom preconditioner, 0 for plain CG (CLI: "
        + "--preconditioner-rank)",
        ParamValidators.gtEq(0));
    preconditionerEvery = new IntParam(id, "preconditionerEvery", "matrix-free gn: rebuild the "
        + "preconditioner every k steps (>= 1) (CLI: --preconditioner-every)",
        ParamValidators.gtEq(1));
    driverGramLimit = new LongParam(id, "driverGramLimit", "gram auto: bytes the exact n x n "
        + "Gram may take on the driver, 0 for 60% of the driver heap (CLI: "
        + "--driver-gram-limit)", ParamValidators.gtEq(0));
    lrConstant = new DoubleParam(id, "lrConstant", "softmax2 gd: c of the automatic step size "
        + "c / lambda_max(J J^T) (> 0) (CLI: --lr-constant)", ParamValidators.gt(0));
    init = new Param<>(id, "init", "smooth2: omega preset, he or lecun (CLI: --init)",
        ParamValidators.inArray(new String[] {"he", "lecun"}));
    omegaRatio = new DoubleParam(id, "omegaRatio", "smooth2: omega2/omega1 (> 0); unset "
        + "means the init preset's (CLI: --omega-ratio)", ParamValidators.gt(0));
    lazy = new BooleanParam(id, "lazy", "smooth2: track the linearized model (lazy_distance); "
        + "false is the CLI's --no-lazy (CLI: --no-lazy)");
    driverCollectLimit = new LongParam(id, "driverCollectLimit", "fit copies the training "
        + "rows to the driver: the most feature values (n x d) it accepts, refusing more "
        + "before it collects anything (API only: the CLI has no such setting)",
        ParamValidators.gtEq(1));
    tol = new DoubleParam(id, "tol", "early stopping (every family; >= 0): stop after "
        + "the first iteration t >= 1 (sgd: epoch) whose loss L(t) meets L(t-1) - L(t) <= tol "
        + "L(t-1), or L(t) = 0, keeping the weights of t; 0 never stops early (API only: the "
        + "CLI has no such setting)", ParamValidators.gtEq(0));
    validationIndicatorCol = new Param<>(id, "validationIndicatorCol", "a boolean column: "
        + "rows where it is true are held out of training, and the summary records the loss "
        + "on them at every iteration (validation_loss; every family); empty: none "
        + "(API only: the CLI has no such setting)", alwaysValid());
    depth = new IntParam(id, "depth", "deep-last: layers L (>= 2); W_1 is m x d, W_2..W_L "
        + "are m x m, only W_L is trained (CLI: --depth)", ParamValidators.gtEq(2));
    alpha = new DoubleParam(id, "alpha", "deep-last: sparsity exponent in [0, 1), threshold "
        + "b = sqrt(2 alpha log m), about m^(1-alpha) active neurons per layer (CLI: --alpha)",
        ParamValidators.inRange(0, 1, true, false));
    threshold = new DoubleParam(id, "threshold", "deep-last: the threshold b in standard "
        + "deviations, in [0, 40), instead of alpha; unset means from alpha (CLI: --threshold)",
        ParamValidators.inRange(0, 40, true, false));
    gnMethod = new Param<>(id, "gnMethod", "deep-last: how the Gauss-Newton system is solved, "
        + "exact, tensorsrht, tensorsketch or cg (CLI: --gn)",
        ParamValidators.inArray(new String[] {"exact", "tensorsrht", "tensorsketch", "cg"}));
    sketchSize = new IntParam(id, "sketchSize", "deep-last gnMethod tensorsrht or "
        + "tensorsketch: sketch size s (>= n; a power of two for tensorsketch) (CLI: "
        + "--sketch-size)", ParamValidators.gtEq(1));
    sketchSeed = new LongParam(id, "sketchSeed", "deep-last: seed of the sketches (CLI: "
        + "--sketch-seed)");
    exactCheck = new BooleanParam(id, "exactCheck", "deep-last with a sketch or cg: also form "
        + "the exact Gram (lambda_min, sketch error); false is the CLI's --no-exact-check "
        + "(CLI: --no-exact-check)");
    residualTol = new DoubleParam(id, "residualTol", "deep-last: stop when ||f - y|| <= "
        + "residualTol ||y|| (>= 0) (CLI: --tolerance)", ParamValidators.gtEq(0));
  }

  /** Spark's setDefault for every param that has one. */
  void setDefaults(Params owner) {
    owner.setDefault(model, "relu2");
    owner.setDefault(activation, "gelu");
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
    owner.setDefault(stepForm, "auto");
    owner.setDefault(checkpointDir, "");
    owner.setDefault(checkpointInterval, 10);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(broadcastThreshold, 50_000_000L);
    owner.setDefault(divergenceFactor, TrainConfig.DEFAULT_DIVERGENCE_FACTOR);
    owner.setDefault(cgTol, GramSettings.DEFAULT_CG_TOLERANCE);
    owner.setDefault(cgMaxIter, GramSettings.DEFAULT_CG_MAX_ITERATIONS);
    owner.setDefault(lanczosSteps, GramSettings.DEFAULT_LANCZOS_STEPS);
    owner.setDefault(preconditionerRank, 0);
    owner.setDefault(preconditionerEvery, GramSettings.DEFAULT_PRECONDITIONER_EVERY);
    owner.setDefault(driverGramLimit, 0L);
    owner.setDefault(lrConstant, SoftmaxTrainConfig.DEFAULT_LR_CONSTANT);
    owner.setDefault(init, "he");
    owner.setDefault(lazy, true);
    owner.setDefault(driverCollectLimit, 1L << 28);
    owner.setDefault(tol, 0.0);
    owner.setDefault(validationIndicatorCol, "");
    owner.setDefault(depth, 3);
    owner.setDefault(alpha, 0.1);
    owner.setDefault(gnMethod, "exact");
    owner.setDefault(sketchSize, 4096);
    owner.setDefault(sketchSeed, 1L);
    owner.setDefault(exactCheck, true);
    owner.setDefault(residualTol, 1e-12);
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
