package org.widenet.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.data.MultiLabelData;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.softmax.Normalizers;
import org.widenet.softmax.NtkCoupling;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxGram;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxPartial;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.spark.SavedMetadata;
import org.widenet.spark.SparkEngine;

/**
 * {@code widenet predict}'s data for a softmax2 model: k labels per row ({@link
 * SoftmaxDataOptions}), read with the training run's column options unless given, and columns
 * label_1.. and prediction_1... The predictor is the trained network, or with {@code
 * --kernel-regression} the NTK regression predictor of Gu et al. Appendix F, K*_te (H*)^{-1}
 * vec(Y), with H* the Gram at initialization (rebuilt from the model's seed) and the model's
 * training data.
 */
final class MultiLabelInput implements PredictInput {
  /** The options only softmax2 models take. */
  static final List<OptionSpec> OWN_SPECS = List.of(
      OptionSpec.flag("kernel-regression", "softmax2: predict with the NTK regression K*_te "
          + "(H*)^-1 vec(Y) at initialization instead of the trained network"),
      OptionSpec.value("train-data", "PATH", "the model's training data", "softmax2 kernel "
          + "regression: the training set (read like --data)"),
      OptionSpec.value("ridge", "MU", "0", "softmax2 kernel regression: solve with H* + mu I"));

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG,
      OptionSpec.value("model", "DIR", "", "a saved softmax2 model (train's --out/model)")),
      OWN_SPECS, SoftmaxDataOptions.READ_SPECS, RunOptions.SPECS);

  private ParsedOptions given;
  private SavedMetadata model;
  private Map<String, List<String>> trained;
  private double labelScale;
  private boolean kernel;
  private double ridge;
  private MultiLabelData data;
  private MultiLabelData train;

  @Override
  public List<OptionSpec> specs() {
    return SPECS;
  }

  @Override
  @SuppressWarnings("unchecked")
  public ParsedOptions options(ParsedOptions given, SavedMetadata model) {
    if (!model.family().equals(SoftmaxModelStore.FAMILY)) {
      throw new UsageException("--kernel-regression needs a softmax2 model; " + model.dir()
          + " holds " + model.family());
    }
    this.given = given;
    this.model = model;
    labelScale = SavedModel.labelScale(model.map());
    trained = (Map<String, List<String>>) model.map().getOrDefault("training_options",
        Map.of());
    // Column options default to the training run's, so the same files read the same way.
    Map<String, List<String>> columns = new LinkedHashMap<>(trained);
    columns.remove("data");
    columns.remove("synthetic");
    return ParsedOptions.overlay(SPECS, columns, given);
  }

  @Override
  public void read(ParsedOptions o, SavedMetadata model) {
    kernel = o.flag("kernel-regression");
    ridge = o.getDouble("ridge", 0.0);
    SoftmaxDataOptions dataOptions = new SoftmaxDataOptions(o);
    data = dataOptions.read(dataOptions.path);
    int inputDim = model.number("input_dim").intValue();
    int outputs = model.number("outputs").intValue();
    if (inputDim != data.d() || outputs != data.k()) {
      throw new UsageException("the model " + model.dir() + " takes " + inputDim
          + " features and gives " + outputs + " outputs; " + data.source() + " has "
          + data.d() + " features and " + data.k() + " labels");
    }
    if (kernel) {
      Map<String, List<String>> trainOptions = new LinkedHashMap<>(trained);
      if (given.has("train-data")) {
        trainOptions.remove("synthetic");
        trainOptions.put("data", List.of(given.get("train-data")));
      }
      if (trainOptions.isEmpty()) {
        throw new UsageException("the model does not record its training data: give "
            + "--train-data PATH");
      }
      SoftmaxDataOptions trainData = new SoftmaxDataOptions(ParsedOptions.overlay(SPECS,
          trainOptions, ParsedOptions.parse(SPECS, new String[0])));
      train = trainData.read(trainData.path).labelsDividedBy(labelScale);
      if (train.d() != data.d() || train.k() != data.k()) {
        throw new IllegalArgumentException("the training data has " + train.d()
            + " features and " + train.k() + " labels, " + data.source() + " " + data.d()
            + " and " + data.k());
      }
    }
  }

  @Override
  public List<String> warnings() {
    return List.of();
  }

  @Override
  public void begin(Map<String, Object> summary) {
    summary.put("predictor", kernel ? "kernel_regression" : "network");
  }

  @Override
  public Outputs predict(SparkSession spark, JavaSparkContext jsc, String modelDir,
      Map<String, Object> summary) {
    if (!kernel) {
      return PredictInput.super.predict(spark, jsc, modelDir, summary);
    }
    SoftmaxSpec spec = SoftmaxModelStore.spec(model.map());
    // H* and K*_te at initialization come from the seed: the trained blocks are not read.
    int numBlocks = model.number("num_blocks").intValue();
    int n = train.n();
    int k = train.k();
    double[] f;
    try (SparkEngine engine = new SparkEngine(jsc, new SoftmaxFamily(spec), numBlocks,
        new DenseInputs(train.x(), n, train.d()), SparkEngine.Options.defaults())) {
      Normalizers at = Normalizers.of((SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0),
          spec.width());
      double[] gram = SoftmaxGram.jacobianGram(engine, at, train.x(), n, train.d(), k);
      double[] cross = NtkCoupling.crossKernel(engine, spec, at, train.x(), n, train.d(),
          data.x(), data.n());
      f = NtkCoupling.regression(gram, cross, train.y(), n * k, data.n() * k, ridge);
    }
    for (int p = 0; p < f.length; p++) {
      f[p] *= labelScale;
    }
    summary.put("train_n", n);
    summary.put("ridge", ridge);
    return new Outputs(f, spec.outputs(), labelScale, String.format(Locale.ROOT,
        "the NTK regression (softmax2 m=%d, k=%d)", spec.width(), spec.outputs()));
  }

  @Override
  public Rows rows() {
    return new Rows(data.x(), data.n(), data.y(), data.k() == 1 ? List.of("label")
        : PredictCommand.numbered("label_", data.k(), 1));
  }

  @Override
  public List<String> predictionColumns(int k) {
    return k == 1 ? List.of("prediction") : PredictCommand.numbered("prediction_", k, 1);
  }

  @Override
  public void describe(Map<String, Object> summary) {
    summary.put("data_source", data.source());
  }
}
