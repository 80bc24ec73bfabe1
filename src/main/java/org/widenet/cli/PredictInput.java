package org.widenet.cli;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.spark.SavedMetadata;

/**
 * One kind of data's side of {@code widenet predict} ({@link PredictCommand} runs the rest):
 * the options it parses, reading and checking the data against the model before Spark
 * starts, the predictor, and the names of the columns of predictions.csv.
 * {@link SingleLabelInput} serves relu2, exp2, smooth2 and deep-last models;
 * {@link MultiLabelInput} softmax2 models, with their multi-label data and kernel regression.
 */
interface PredictInput {
  /** What a predictor gave: rows x k outputs (column-major) in the labels' units. */
  record Outputs(double[] f, int k, double labelScale, String description) {}

  /**
   * The data read: n x d inputs and n x labels labels, both column-major, and the names of
   * the label columns of predictions.csv.
   */
  record Rows(double[] x, int n, double[] y, List<String> labelColumns) {}

  /** The options this side parses; any other is refused as unknown. */
  List<OptionSpec> specs();

  /**
   * The options in force: those given over any the saved model records.
   *
   * @throws UsageException when the model cannot serve this side
   */
  ParsedOptions options(ParsedOptions given, SavedMetadata model);

  /**
   * Reads the data and checks it against the model, before Spark starts.
   *
   * @throws UsageException (or a data error) naming the model and the data when they differ
   */
  void read(ParsedOptions o, SavedMetadata model);

  /** Warnings about the data read, printed once the output directory is ready. */
  List<String> warnings();

  /** Summary keys known before predicting. */
  void begin(Map<String, Object> summary);

  /**
   * Predicts on the data read (may add its own keys to the summary); by default with the
   * saved network, loaded by its family's store.
   */
  default Outputs predict(SparkSession spark, JavaSparkContext jsc, String modelDir,
      Map<String, Object> summary) {
    Rows rows = rows();
    try (SavedModel model = SavedModel.open(spark, modelDir)) {
      return new Outputs(model.predict(rows.x(), rows.n()), model.outputs(),
          model.labelScale(), model.description());
    }
  }

  /** The data read by {@link #read}. */
  Rows rows();

  /** The names of the k prediction columns of predictions.csv. */
  List<String> predictionColumns(int k);

  /** Describes the data in the summary. */
  void describe(Map<String, Object> summary);
}
