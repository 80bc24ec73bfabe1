package org.widenet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataFormat;
import org.widenet.data.DataLoader;
import org.widenet.data.Dataset;
import org.widenet.data.LoadOptions;
import org.widenet.data.MultiLabelData;
import org.widenet.data.MultiLabelLoader;
import org.widenet.data.SyntheticSpec;

/**
 * The data options of softmax2 ({@code train --model softmax2} and its {@code predict}): like
 * {@link DataOptions} but with k labels per row: CSV label columns {@code --label-cols}, a
 * Parquet label vector column {@code --label-col}, or one label (LIBSVM, synthetic data).
 */
final class SoftmaxDataOptions {
  /** The options that say where the data are and how to read them. */
  static final List<OptionSpec> READ_SPECS = List.of(
      OptionSpec.value("data", "PATH", "", "training data: a CSV, LIBSVM or Parquet file "
          + "(local path or Hadoop URI) or a directory of Parquet part files"),
      OptionSpec.value("format", "csv|libsvm|parquet", "from the path", "format of --data"),
      OptionSpec.value("label-cols", "NAME,NAME,...", "", "CSV: the k label columns, in "
          + "output order; the other columns are features"),
      OptionSpec.value("label-col", "NAME", "label", "CSV: a single label column; Parquet: "
          + "the label column, a vector (k = its size) or a number (k = 1)"),
      OptionSpec.value("feature-cols", "A,B,...", "all other columns", "CSV: the feature "
          + "columns, in this order"),
      OptionSpec.value("features-col", "NAME", "features", "Parquet: the features column, a "
          + "Spark ML vector or an array of numbers"),
      OptionSpec.value("synthetic", "SPEC", "", "sphere:n=..,d=..,target=random|linear|"
          + "quadratic|cos[,seed=..] (one output)"),
      OptionSpec.flag("normalize", "scale every input row to unit norm"));

  /** The data options of train: reading, plus held-out sets and label scaling. */
  static final List<OptionSpec> TRAIN_SPECS = RunOptions.concat(READ_SPECS, List.of(
      OptionSpec.value("test-data", "PATH", "none", "test set (same format and columns) for "
          + "the test metrics in summary.json"),
      OptionSpec.value("coupling-test", "PATH", "none", "held-out points (same format and "
          + "columns): adds coupling_error to metrics.csv, max_l |F_ntk - F_nn| of Gu et al. "
          + "Theorem F.2 with the NTK regression run alongside at the same eta"),
      OptionSpec.flag("scale-labels", "divide the labels (train, test, coupling) by the "
          + "training max ||y_i|| so that ||y_i|| <= 1; recorded as label_scale")));

  /** The option keys that say how to read a data set (saved with a model). */
  static final List<String> READ_KEYS = List.of("data", "format", "label-cols", "label-col",
      "feature-cols", "features-col", "synthetic", "normalize");

  final String path;
  final SyntheticSpec synthetic;
  final DataFormat format;
  final List<String> labelCols;
  final String labelCol;
  final List<String> featureCols;
  final String featuresCol;
  final boolean normalize;
  final String testPath;
  final String couplingPath;
  final boolean scaleLabels;

  SoftmaxDataOptions(ParsedOptions o) {
    path = o.get("data");
    synthetic = o.has("synthetic") ? o.get("synthetic", null, SyntheticSpec::parse) : null;
    if ((path == null) == (synthetic == null)) {
      throw new UsageException("give exactly one of --data PATH or --synthetic SPEC");
    }
    format = path == null ? null : o.has("format") ? o.get("format", null, DataFormat::parse)
        : guess(path);
    labelCols = o.has("label-cols") ? o.get("label-cols", null, SoftmaxDataOptions::names)
        : null;
    if (labelCols != null && o.has("label-col")) {
      throw new UsageException("give --label-cols or --label-col, not both");
    }
    if (labelCols != null && format != DataFormat.CSV) {
      throw new UsageException("--label-cols applies to CSV data; Parquet labels come from "
          + "one vector column (--label-col)");
    }
    labelCol = o.get("label-col") == null ? LoadOptions.DEFAULT_LABEL : o.get("label-col");
    featureCols = o.has("feature-cols") ? o.get("feature-cols", null,
        SoftmaxDataOptions::names) : null;
    if (featureCols != null && format != DataFormat.CSV) {
      throw new UsageException("--feature-cols applies to CSV data only");
    }
    featuresCol = o.get("features-col") == null ? LoadOptions.DEFAULT_FEATURES
        : o.get("features-col");
    normalize = o.flag("normalize");
    testPath = o.get("test-data");
    couplingPath = o.get("coupling-test");
    scaleLabels = o.flag("scale-labels");
    if (path == null && (testPath != null || couplingPath != null)) {
      throw new UsageException("--test-data and --coupling-test apply to --data only");
    }
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty column name; expected NAME,NAME,...");
      }
      if (out.contains(name)) {
        throw new IllegalArgumentException("column \"" + name + "\" is listed twice");
      }
      out.add(name);
    }
    return List.copyOf(out);
  }

  private static DataFormat guess(String path) {
    String lower = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return DataFormat.CSV;
    }
    if (lower.endsWith(".libsvm") || lower.endsWith(".svm") || lower.endsWith(".txt")) {
      return DataFormat.LIBSVM;
    }
    if (lower.endsWith(".parquet") || new java.io.File(path).isDirectory()) {
      return DataFormat.PARQUET;
    }
    throw new UsageException("--data " + path + ": cannot tell the format from the name; "
        + "give --format csv, libsvm or parquet");
  }

  /** Reads one file with these options (unscaled labels). */
  MultiLabelData read(String file) {
    MultiLabelData data;
    if (file == null) {
      data = MultiLabelData.of(synthetic.generate());
    } else if (format == DataFormat.CSV) {
      data = MultiLabelLoader.csv(file, labelCols != null ? labelCols : List.of(labelCol),
          featureCols);
    } else if (format == DataFormat.PARQUET) {
      data = MultiLabelLoader.parquet(file, labelCol, featuresCol);
    } else {
      Dataset single = DataLoader.load(file, format, LoadOptions.defaults()).data();
      data = MultiLabelData.of(single);
    }
    return normalize ? data.normalized() : data;
  }

  /** The training, test and coupling sets, labels scaled or checked, and the scale. */
  record Loaded(MultiLabelData train, MultiLabelData test, MultiLabelData coupling,
      double labelScale) {}

  /**
   * Reads every set and applies --scale-labels, or refuses label rows outside the unit ball.
   *
   * @throws org.widenet.data.DataException or IllegalArgumentException on bad input
   */
  Loaded load() {
    MultiLabelData train = read(path);
    MultiLabelData test = testPath == null ? null : sameShape(read(testPath), train, testPath);
    MultiLabelData coupling = couplingPath == null ? null
        : sameShape(read(couplingPath), train, couplingPath);
    double scale = 1.0;
    if (scaleLabels) {
      scale = train.labelScale();
      train = train.labelsDividedBy(scale);
      test = test == null ? null : test.labelsDividedBy(scale);
      coupling = coupling == null ? null : coupling.labelsDividedBy(scale);
    }
    train.requireInsideUnitBall("--scale-labels");
    if (test != null) {
      test.requireInsideUnitBall("--scale-labels");
    }
    return new Loaded(train, test, coupling, scale);
  }

  private static MultiLabelData sameShape(MultiLabelData other, MultiLabelData train,
      String file) {
    if (other.d() != train.d() || other.k() != train.k()) {
      throw new IllegalArgumentException(file + " has " + other.d() + " features and "
          + other.k() + " labels, the training data " + train.d() + " and " + train.k());
    }
    return other;
  }

  /** Data facts for summary.json. */
  void describe(Map<String, Object> shape, Loaded data) {
    shape.put("source", data.train().source());
    shape.put("format", synthetic != null ? "synthetic" : format.name().toLowerCase(
        Locale.ROOT));
    shape.put("label_cols", data.train().labelNames());
    shape.put("n", data.train().n());
    shape.put("d", data.train().d());
    shape.put("k", data.train().k());
    shape.put("normalize", normalize);
    if (scaleLabels) {
      shape.put("label_scale", data.labelScale());
    }
    if (data.test() != null) {
      shape.put("test_source", data.test().source());
      shape.put("test_n", data.test().n());
    }
    if (data.coupling() != null) {
      shape.put("coupling_source", data.coupling().source());
      shape.put("coupling_n", data.coupling().n());
    }
  }

  /** The reading options as given, for a saved model (predict --kernel-regression). */
  static Map<String, List<String>> readOptions(ParsedOptions o) {
    Map<String, List<String>> saved = new LinkedHashMap<>();
    for (String key : READ_KEYS) {
      if (o.has(key)) {
        saved.put(key, o.all(key));
      }
    }
    return saved;
  }
}
