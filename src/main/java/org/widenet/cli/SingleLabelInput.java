package org.widenet.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.widenet.data.Dataset;
import org.widenet.spark.SavedMetadata;

/**
 * {@code widenet predict}'s data with one label per row ({@link DataOptions}: CSV, LIBSVM,
 * Parquet, IDX, synthetic), for relu2, exp2, smooth2 and deep-last models: columns label and
 * prediction (prediction_0.. for a model with several outputs).
 */
final class SingleLabelInput implements PredictInput {
  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG,
      OptionSpec.value("model", "DIR", "", "a saved model directory (train's --out/model, or "
          + "a model saved by the Spark ML API)")), DataOptions.INPUT_SPECS, RunOptions.SPECS);

  private DataOptions dataOptions;
  private DataOptions.Loaded loaded;
  private Dataset data;

  @Override
  public List<OptionSpec> specs() {
    return SPECS;
  }

  @Override
  public ParsedOptions options(ParsedOptions given, SavedMetadata model) {
    return given;
  }

  @Override
  public void read(ParsedOptions o, SavedMetadata model) {
    dataOptions = new DataOptions(o);
    int inputDim = model.number("input_dim").intValue();
    loaded = dataOptions.load(false);
    data = loaded.train();
    if (inputDim != data.d()) {
      throw new UsageException("the model " + model.dir() + " takes " + inputDim
          + " features, " + data.source() + " has " + data.d());
    }
  }

  @Override
  public List<String> warnings() {
    return dataOptions.warnings(loaded);
  }

  @Override
  public void begin(Map<String, Object> summary) {}

  @Override
  public Rows rows() {
    return new Rows(data.x(), data.n(), data.y(), List.of("label"));
  }

  @Override
  public List<String> predictionColumns(int k) {
    return k == 1 ? List.of("prediction") : PredictCommand.numbered("prediction_", k, 0);
  }

  @Override
  public void describe(Map<String, Object> summary) {
    Map<String, Object> shape = new LinkedHashMap<>();
    dataOptions.describe(shape, loaded);
    summary.put("data", shape);
  }
}
