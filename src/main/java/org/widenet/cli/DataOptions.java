package org.widenet.cli;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataFormat;
import org.widenet.data.DataLoader;
import org.widenet.data.Dataset;
import org.widenet.data.ImageClassData;
import org.widenet.data.LabelNoise;
import org.widenet.data.SyntheticSpec;

/**
 * Where the training (and optional test) data come from, shared by every command that reads
 * data: a CSV or LIBSVM file, a directory of IDX files (MNIST layout, two classes as +-1), or
 * synthetic sphere data; optional row normalization and label corruption. Parsing checks
 * everything that can be checked without reading the data.
 */
final class DataOptions {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("data", "PATH", "", "training data: a CSV/LIBSVM file (local path or "
          + "Hadoop URI) or an IDX directory (MNIST layout)"),
      OptionSpec.value("format", "libsvm|csv|idx", "from the path", "format of --data"),
      OptionSpec.value("label-col", "NAME", "label", "CSV target column"),
      OptionSpec.value("test-data", "PATH", "none", "test set for CSV/LIBSVM data (same format); "
          + "IDX data use the t10k files"),
      OptionSpec.value("classes", "A,B", "", "IDX: the two classes, labelled +1 and -1"),
      OptionSpec.value("n", "N", "1000", "IDX: training rows (the first N of the two classes)"),
      OptionSpec.value("test-n", "N", "1000", "IDX: test rows; 0 for none"),
      OptionSpec.value("synthetic", "SPEC", "", "sphere:n=..,d=..,target=random|linear|"
          + "quadratic|cos[,seed=..]"),
      OptionSpec.flag("normalize", "scale every input row to unit norm"),
      OptionSpec.value("random-label-fraction", "P", "0", "replace this fraction of the "
          + "labels (train and test) by uniform +-1"),
      OptionSpec.value("label-seed", "S", "1", "seed of --random-label-fraction"));

  /** The loaded data. */
  record Loaded(Dataset train, Dataset test) {}

  final String path;
  final DataFormat format;
  final boolean idx;
  final String labelColumn;
  final String testPath;
  final int[] classes;
  final int limit;
  final int testLimit;
  final SyntheticSpec synthetic;
  final boolean normalize;
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
        ? formatName.trim().equalsIgnoreCase("idx") : new File(path).isDirectory());
    if (path == null) {
      for (String option : List.of("format", "label-col", "test-data", "classes", "n",
          "test-n")) {
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
      if (o.has("label-col") || o.has("test-data")) {
        throw new UsageException("--label-col and --test-data do not apply to IDX data");
      }
    } else {
      format = formatName != null ? o.get("format", null, DataFormat::parse) : guess(path);
      if (o.has("classes") || o.has("n") || o.has("test-n")) {
        throw new UsageException("--classes, --n and --test-n apply to IDX data only");
      }
    }
    classes = idx ? o.get("classes", null, ImageClassData::parseClasses) : null;
    labelColumn = o.get("label-col") == null ? "label" : o.get("label-col");
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
    randomLabelFraction = o.getDouble("random-label-fraction", 0.0);
    if (!(randomLabelFraction >= 0 && randomLabelFraction <= 1)) {
      throw new UsageException("--random-label-fraction must be in [0, 1], got "
          + randomLabelFraction);
    }
    labelSeed = o.getLong("label-seed", 1L);
  }

  private static DataFormat guess(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return DataFormat.CSV;
    }
    if (lower.endsWith(".libsvm") || lower.endsWith(".svm") || lower.endsWith(".libsvm.gz")
        || lower.endsWith(".txt")) {
      return DataFormat.LIBSVM;
    }
    throw new UsageException("--data " + path + ": cannot tell the format from the name; "
        + "give --format libsvm, csv or idx");
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
      train = DataLoader.load(path, format, labelColumn);
      if (withTest && testPath != null) {
        test = DataLoader.load(testPath, format, labelColumn);
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
    if (randomLabelFraction > 0) {
      String note = " (random labels: " + randomLabelFraction + ", seed " + labelSeed + ")";
      train = LabelNoise.withLabels(train, LabelNoise.randomize(train.y(), randomLabelFraction,
          labelSeed), note);
      if (test != null) {
        test = LabelNoise.withLabels(test, LabelNoise.randomize(test.y(), randomLabelFraction,
            labelSeed + 1), note);
      }
    }
    return new Loaded(train, test);
  }

  /** Data facts for summary.json. */
  void describe(Map<String, Object> shape, Loaded data) {
    shape.put("source", data.train().source());
    shape.put("format", synthetic != null ? "synthetic" : idx ? "idx"
        : format.name().toLowerCase(Locale.ROOT));
    if (format == DataFormat.CSV) {
      shape.put("label_col", labelColumn);
    }
    if (idx) {
      shape.put("classes", classes[0] + "," + classes[1]);
    }
    shape.put("n", data.train().n());
    shape.put("d", data.train().d());
    shape.put("normalize", normalize);
    shape.put("random_label_fraction", randomLabelFraction);
    if (randomLabelFraction > 0) {
      shape.put("label_seed", labelSeed);
    }
    if (data.test() != null) {
      shape.put("test_source", data.test().source());
      shape.put("test_n", data.test().n());
    }
  }
}
