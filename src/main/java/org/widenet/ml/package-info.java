/**
 * The Spark ML API for notebooks and pipelines: {@link org.widenet.ml.WideNetRegressor} and
 * {@link org.widenet.ml.WideNetClassifier} are Estimators whose Params mirror the CLI's
 * settings; their models predict without gathering weights that do not fit (see
 * {@link org.widenet.ml.WideNetPrediction}), and save and load in the same layout as the
 * CLI's {@code model/} directory, plus Spark's stage metadata so they work inside Pipelines.
 * Every family of {@code widenet train} fits through them: relu2, exp2, softmax2, smooth2 and
 * deep-last (Gauss-Newton on the last layer, {@link org.widenet.ml.DeepLastParams}).
 * A fit can stop early ({@code tol}), score held-out rows
 * every iteration ({@code validationIndicatorCol}) and report each iteration to a notebook's
 * {@link org.widenet.ml.WideNetFitListener}; its {@link org.widenet.ml.TrainingSummary} is
 * saved with the model.
 */
package org.widenet.ml;
