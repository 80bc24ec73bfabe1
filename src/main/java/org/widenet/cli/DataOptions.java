package org.widenet.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataFormat;
import org.widenet.data.DataLoader;
import org.widenet.data.Dataset;
import org.widenet.data.ImageClassData;
import org.widenet.data.LabelNoise;
import org.widenet.data.LabelRange;
import org.widenet.data.LoadOptions;
import org.widenet.data.LoadResult;
import org.widenet.data.SyntheticSpec;

/**
 * Where the training (and optional test) data come from, shared by every command that reads
 * data: a CSV, LIBSVM or Parquet file, a directory of IDX files (MNIST layout, two classes as
 * +-1), or synthetic sphere data; optional row normalization and label corruption. Parsing checks
 * everything that can be checked without reading the data.
 */
final class DataOptions {
  /** The data options of a command that only reads labels as they are ({@code predict}). */
  static final List<OptionSpec> INPUT_SPECS = List.of(
      OptionSpec.value("data", "PATH", "", "training data: a CSV/LIBSVM/Parquet file (local "
          + "path or Hadoop URI), a directory of Parquet part files, or an IDX directory "
          + "(MNIST layout)"),
      OptionSpec.value("format", "libsvm|csv|parquet|idx", "from the path", "format of --data"),
      OptionSpec.value("label-col", "NAME", "label", "CSV/Parquet target column"),
      OptionSpec.value("feature-cols", "A,B,...", "all other columns", "CSV: the feature "
          + "columns, in this order; other columns are ignored"),
      OptionSpec.value("features-col", "NAME", "features", "Parquet: the features column, a "
          + "Spark ML vector or an array of numbers"),
      OptionSpec.flag("skip-bad-rows", "skip and count unreadable rows of --data and "
          + "--test-data instead of stopping"),
      OptionSpec.value("test-data", "PATH", "none", "test set for CSV/LIBSVM/Parquet data "
          + "(same format); IDX data use the t10k files"),
      OptionSpec.value("classes", "A,B", "", "IDX: the two classes, labelled +1 and -1"),
      OptionSpec.value("n", "N", "1000", "IDX: training rows (the first N of the two classes)"),
      OptionSpec.value("test-n", "N", "1000", "IDX: test rows; 0 for none"),
      OptionSpec.value("synthetic", "SPEC", "", "sphere:n=..,d=..,target=random|linear|"
          + "quadratic|cos[,seed=..]"),
      OptionSpec.flag("normalize", "scale every input row to unit norm"),
      OptionSpec.value("random-label-fraction", "P", "0", "replace this fraction of the "
          + "labels (train and test) by uniform +-1"),
      OptionSpec.value("label-seed", "S", "1", "seed of --random-label-fraction"));

  /**
   * The data options of a command that fits or analyses the labels ({@code train}, {@code ntk}):
   * the input options plus --scale-labels.
   */
  static final List<OptionSpec> SPECS = RunOptions.concat(INPUT_SPECS, List.of(
      OptionSpec.flag("scale-labels", "divide the labels (train and test) by the training max "
          + "|y| so that |y| <= 1; summary.json and the model record the factor as label_scale, "
          + "losses are in scaled units, and predict multiplies outputs back")));

  /** The names of the IDX training images that mark a directory as IDX data. */
  private static final List<String> IDX_MARKERS =
      List.of("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz");

  /**
   * The loaded data and the rows of --data and --test-data that --skip-bad-rows left out.
   *
   * @param skippedRows rows of the training file skipped; negative when not known (a Loaded
   *     built from datasets alone)
   * @param skippedExamples the messages of the first skipped training rows
   * @param testSkippedRows the same for the test file; negative when not known or no test set
   * @param testSkippedExamples the messages of the first skipped test rows
   * @param labelScale what --scale-labels divided the labels by; 1 without it
   */
  record Loaded(Dataset train, Dataset test, long skippedRows, List<String> skippedExamples,
      long testSkippedRows, List<String> testSkippedExamples, double labelScale) {

    /** Datasets whose skipped rows are not known, labels not scaled. */
    Loaded(Dataset train, Dataset test) {
      this(train, test, -1, List.of(), -1, List.of(), 1.0);
    }
  }

  final String path;
  final DataFormat format;
  final boolean idx;
  final String labelColumn;
  /** CSV feature columns in order, or null for all but the label. */
  final List<String> featureColumns;
  /** Parquet features column. */
  final String featuresColumn;
  final boolean skipBadRows;
  final String testPath;
  final int[] classes;
  final int limit;
  final int testLimit;
  final SyntheticSpec synthetic;
  final boolean normalize;
  final boolean scaleLabels;
  final double randomLabelFraction;
  final long labelSeed;

  DataOptions(ParsedOptions o) {
    path = o.get("data");
    synthetic = o.has("synthetic") ? o.get("synthetic", null, SyntheticSpec::parse) : null;
    if ((path == null) == (synthetic == null)) {
      throw new UsageException("give exactly one of --data PATH or --synthetic SPEC");
    }
    String formatName = o.get("format");
    idx = path != null && (formatName != null
        ? formatName.trim().equalsIgnoreCase("idx") : isIdxDirectory(path));
    if (path == null) {
      for (String option : List.of("format", "label-col", "feature-cols", "features-col",
          "skip-bad-rows", "test-data", "classes", "n", "test-n")) {
        if (o.has(option)) {
          throw new UsageException("--" + option + " applies to --data only");
        }
      }
      format = null;
    } else if (idx) {
      format = null;
      if (!o.has("classes")) {
        throw new UsageException("--data " + path + " is IDX data: give --classes A,B");
      }
      for (String option : List.of("label-col", "test-data", "feature-cols", "features-col",
          "skip-bad-rows")) {
        if (o.has(option)) {
          throw new UsageException("--" + option + " does not apply to IDX data");
        }
      }
    } else {
      format = formatName != null ? o.get("format", null, DataFormat::parse) : guess(path);
      if (o.has("classes") || o.has("n") || o.has("test-n")) {
        throw new UsageException("--classes, --n and --test-n apply to IDX data only");
      }
      if (o.has("feature-cols") && format != DataFormat.CSV) {
        throw new UsageException("--feature-cols applies to CSV data only");
      }
      if (o.has("features-col") && format != DataFormat.PARQUET) {
        throw new UsageException("--features-col applies to Parquet data only");
      }
    }
    classes = idx ? o.get("classes", null, ImageClassData::parseClasses) : null;
    labelColumn = o.get("label-col") == null ? "label" : o.get("label-col");
    featureColumns = o.has("feature-cols") ? o.get("feature-cols", null,
        names -> parseColumns(names, labelColumn)) : null;
    featuresColumn = o.has("features-col") ? o.get("features-col", null,
        DataOptions::parseColumn) : LoadOptions.DEFAULT_FEATURES;
    if (format == DataFormat.PARQUET && featuresColumn.equals(labelColumn)) {
      throw new UsageException("--features-col and --label-col are both \"" + labelColumn
          + "\"");
    }
    skipBadRows = o.flag("skip-bad-rows");
    testPath = o.get("test-data");
    limit = o.getInt("n", 1000);
    testLimit = o.getInt("test-n", 1000);
    if (limit < 1) {
      throw new UsageException("--n must be at least 1, got " + limit);
    }
    if (testLimit < 0) {
      throw new UsageException("--test-n must be >= 0, got " + testLimit);
    }
    normalize = o.flag("normalize");
    scaleLabels = o.flag("scale-labels");
    randomLabelFraction = o.getDouble("random-label-fraction", 0.0);
    if (!(randomLabelFraction >= 0 && randomLabelFraction <= 1)) {
      throw new UsageException("--random-label-fraction must be in [0, 1], got "
          + randomLabelFraction);
    }
    labelSeed = o.getLong("label-seed", 1L);
  }

  /** A comma-separated list of distinct, non-empty column names without the label. */
  private static List<String> parseColumns(String names, String label) {
    List<String> list = new ArrayList<>();
    for (String part : names.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty column name; expected NAME,NAME,...");
      }
      if (list.contains(name)) {
        throw new IllegalArgumentException("column \"" + name + "\" is listed twice");
      }
      if (name.equals(label)) {
        throw new IllegalArgumentException("\"" + name + "\" is the label column "
            + "(--label-col)");
      }
      list.add(name);
    }
    return List.copyOf(list);
  }

  private static String parseColumn(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty column name");
    }
    return name;
  }

  /**
   * Whether --data without --format is an IDX directory: a local directory, unless it holds
   * Parquet part files and no IDX training images.
   */
  private static boolean isIdxDirectory(String path) {
    File dir = new File(path);
    if (!dir.isDirectory()) {
      return false;
    }
    for (String marker : IDX_MARKERS) {
      if (new File(dir, marker).isFile()) {
        return true;
      }
    }
    return !holdsParquetFiles(dir);
  }

  private static boolean holdsParquetFiles(File dir) {
    String[] names = dir.list((d, name) -> name.toLowerCase(Locale.ROOT).endsWith(".parquet")
        && !name.startsWith(".") && !name.startsWith("_"));
    return names != null && names.length > 0;
  }

  private static DataFormat guess(String path) {
    String lower = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return DataFormat.CSV;
    }
    if (lower.endsWith(".libsvm") || lower.endsWith(".svm") || lower.endsWith(".libsvm.gz")
        || lower.endsWith(".txt")) {
      return DataFormat.LIBSVM;
    }
    if (lower.endsWith(".parquet") || new File(path).isDirectory()) {
      // A local directory reaches here only when it holds Parquet part files.
      return DataFormat.PARQUET;
    }
    throw new UsageException("--data " + path + ": cannot tell the format from the name; "
        + "give --format libsvm, csv, parquet or idx");
  }

  /** Reads and prepares the data; DataException or IllegalArgumentException on bad input. */
  Loaded load() {
    return load(true);
  }

  /**
   * Reads and prepares the data, the test set only when asked for.
   *
   * @throws org.widenet.data.DataException or IllegalArgumentException on bad input
   */
  Loaded load(boolean withTest) {
    Dataset train;
    Dataset test = null;
    long skipped = -1;
    List<String> examples = List.of();
    long testSkipped = -1;
    List<String> testExamples = List.of();
    if (synthetic != null) {
      train = synthetic.generate();
    } else if (idx) {
      train = ImageClassData.load(path, ImageClassData.Split.TRAIN, classes[0], classes[1],
          limit);
      if (withTest && testLimit > 0) {
        test = ImageClassData.load(path, ImageClassData.Split.TEST, classes[0], classes[1],
            testLimit);
      }
    } else {
      LoadOptions options = new LoadOptions(labelColumn, featureColumns,
          format == DataFormat.PARQUET ? featuresColumn : null, skipBadRows);
      LoadResult result = DataLoader.load(path, format, options);
      train = result.data();
      skipped = result.skippedRows();
      examples = result.skippedExamples();
      if (withTest && testPath != null) {
        LoadResult testResult = DataLoader.load(testPath, format, options);
        test = testResult.data();
        testSkipped = testResult.skippedRows();
        testExamples = testResult.skippedExamples();
        if (test.d() != train.d()) {
          throw new IllegalArgumentException("--test-data " + testPath + " has " + test.d()
              + " features, the training data " + train.d());
        }
      }
    }
    if (normalize) {
      train = train.normalized();
      test = test == null ? null : test.normalized();
    }
    double labelScale = 1.0;
    if (scaleLabels) {
      // Before --random-label-fraction, so the random +-1 labels stay on the scaled range.
      labelScale = LabelRange.scaleFactor(train.y());
      train = LabelNoise.withLabels(train, LabelRange.divided(train.y(), labelScale), null);
      if (test != null) {
        test = LabelNoise.withLabels(test, LabelRange.divided(test.y(), labelScale), null);
      }
    }
    if (randomLabelFraction > 0) {
      String note = " (random labels: " + randomLabelFraction + ", seed " + labelSeed + ")";
      train = LabelNoise.withLabels(train, LabelNoise.randomize(train.y(), randomLabelFraction,
          labelSeed), note);
      if (test != null) {
        test = LabelNoise.withLabels(test, LabelNoise.randomize(test.y(), randomLabelFraction,
            labelSeed + 1), note);
      }
    }
    return new Loaded(train, test, skipped, examples, testSkipped, testExamples, labelScale);
  }

  /**
   * One stderr warning line for each data file that had rows skipped, e.g.
   * {@code widenet: warning: skipped 3 bad rows of data.csv (first: ...)}.
   */
  List<String> warnings(Loaded data) {
    List<String> lines = new ArrayList<>();
    if (data.skippedRows() > 0) {
      lines.add(warning(data.skippedRows(), path, data.skippedExamples()));
    }
    if (data.testSkippedRows() > 0) {
      lines.add(warning(data.testSkippedRows(), testPath, data.testSkippedExamples()));
    }
    return lines;
  }

  private static String warning(long rows, String file, List<String> examples) {
    return "widenet: warning: skipped " + rows + " bad row" + (rows == 1 ? "" : "s") + " of "
        + file + (examples.isEmpty() ? "" : " (first: " + examples.get(0) + ")");
  }

  /** Data facts for summary.json. */
  void describe(Map<String, Object> shape, Loaded data) {
    shape.put("source", data.train().source());
    shape.put("format", synthetic != null ? "synthetic" : idx ? "idx"
        : format.name().toLowerCase(Locale.ROOT));
    if (format == DataFormat.CSV || format == DataFormat.PARQUET) {
      shape.put("label_col", labelColumn);
    }
    if (format == DataFormat.CSV && featureColumns != null) {
      shape.put("feature_cols", featureColumns);
    }
    if (format == DataFormat.PARQUET) {
      shape.put("features_col", featuresColumn);
    }
    if (idx) {
      shape.put("classes", classes[0] + "," + classes[1]);
    }
    shape.put("n", data.train().n());
    shape.put("d", data.train().d());
    if (data.skippedRows() > 0 || (skipBadRows && data.skippedRows() == 0)) {
      shape.put("skipped_rows", data.skippedRows());
      shape.put("skipped_examples", data.skippedExamples());
    }
    shape.put("normalize", normalize);
    if (scaleLabels) {
      shape.put("label_scale", data.labelScale());
    }
    shape.put("random_label_fraction", randomLabelFraction);
    if (randomLabelFraction > 0) {
      shape.put("label_seed", labelSeed);
    }
    if (data.test() != null) {
      shape.put("test_source", data.test().source());
      shape.put("test_n", data.test().n());
      if (data.testSkippedRows() > 0 || (skipBadRows && data.testSkippedRows() == 0)) {
        shape.put("test_skipped_rows", data.testSkippedRows());
        shape.put("test_skipped_examples", data.testSkippedExamples());
      }
    }
  }
}
