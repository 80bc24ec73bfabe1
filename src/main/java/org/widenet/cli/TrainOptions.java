package org.widenet.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataFormat;
import org.widenet.data.SyntheticSpec;
import org.widenet.model.BlockLayout;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;

/**
 * The options of {@code widenet train}, parsed and validated without touching Spark or the
 * data. Defaults live here and in the help text, in one place.
 */
final class TrainOptions {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("config", "FILE", "", "properties file of options (keys without --); "
          + "flags override it"),
      OptionSpec.value("model", "relu2|exp2", "relu2", "model family"),
      OptionSpec.value("width", "M", "10000", "hidden neurons m"),
      OptionSpec.value("optimizer", "gd|gn", "gd", "gradient descent or Gauss-Newton"),
      OptionSpec.value("lr", "X|auto", "auto (gd), 1 (gn)", "step size eta; auto = "
          + "1/lambda_max(J J^T) at initialization (gd only)"),
      OptionSpec.value("damping", "MU", "0", "Gauss-Newton damping mu in (J J^T + mu I)"),
      OptionSpec.value("iterations", "T", "100", "number of updates"),
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "neuron blocks"),
      OptionSpec.value("seed", "S", "0", "seed of the initial weights"),
      OptionSpec.value("init-scale", "X", "1", "kappa (relu2) or sigma (exp2): std. dev. of "
          + "initial weights"),
      OptionSpec.flag("symmetric-init", "pair neurons with equal w and opposite a so f(0) = 0 "
          + "(needs even width)"),
      OptionSpec.value("gram-every", "K", "10", "Gram diagnostics every K iterations (always "
          + "at 0 and the end)"),
      OptionSpec.value("checkpoint-dir", "DIR", "none", "reliable checkpoints of the neuron "
          + "blocks (use a shared filesystem on a cluster)"),
      OptionSpec.value("checkpoint-every", "K", "10", "cut lineage every K iterations"),
      OptionSpec.value("data", "PATH", "", "training data file (local path or Hadoop URI)"),
      OptionSpec.value("format", "libsvm|csv", "from the file name", "format of --data"),
      OptionSpec.value("label-col", "NAME", "label", "CSV target column"),
      OptionSpec.value("synthetic", "SPEC", "", "sphere:n=..,d=..,target=random|linear|"
          + "quadratic|cos[,seed=..]"),
      OptionSpec.flag("normalize", "scale every input row to unit norm"),
      OptionSpec.value("out", "DIR", "runs/train-<time>", "output directory (must be empty "
          + "or new)"),
      OptionSpec.flag("overwrite", "replace widenet's outputs in a non-empty --out"),
      OptionSpec.value("master", "URL", "local[*] (or spark-submit's)", "Spark master"),
      OptionSpec.value("spark-conf", "KEY=VALUE", "", "extra Spark setting (repeatable)"),
      OptionSpec.flag("help", "print this help"));

  final ParsedOptions raw;
  final NetworkSpec network;
  final OptimizerKind optimizer;
  final double learningRate;
  final double damping;
  final int iterations;
  final Integer partitions;
  final int gramEvery;
  final String checkpointDir;
  final int checkpointEvery;
  final String dataPath;
  final DataFormat format;
  final String labelColumn;
  final SyntheticSpec synthetic;
  final boolean normalize;
  final String out;
  final boolean overwrite;
  final String master;
  final Map<String, String> sparkConf = new LinkedHashMap<>();

  private TrainOptions(ParsedOptions o) {
    this.raw = o;
    ModelFamily family = o.get("model", ModelFamily.RELU2, ModelFamily::parse);
    long width = o.getLong("width", 10_000L);
    if (width < 1) {
      throw new UsageException("--width must be at least 1, got " + width);
    }
    boolean symmetric = o.flag("symmetric-init");
    if (symmetric && width % 2 != 0) {
      throw new UsageException("--symmetric-init pairs neurons, so --width must be even, got "
          + width);
    }
    double initScale = o.getDouble("init-scale", 1.0);
    network = wrap(() -> new NetworkSpec(family, width, initScale, o.getLong("seed", 0L),
        symmetric));
    optimizer = o.get("optimizer", OptimizerKind.GD, OptimizerKind::parse);
    String lr = o.get("lr");
    if (lr == null) {
      learningRate = optimizer == OptimizerKind.GD ? TrainConfig.AUTO : 1.0;
    } else if (lr.trim().toLowerCase(Locale.ROOT).equals("auto")) {
      learningRate = TrainConfig.AUTO;
    } else {
      learningRate = o.getDouble("lr", 1.0);
    }
    damping = o.getDouble("damping", 0.0);
    iterations = o.getInt("iterations", 100);
    partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
    gramEvery = o.getInt("gram-every", 10);
    checkpointDir = o.get("checkpoint-dir");
    checkpointEvery = o.getInt("checkpoint-every", 10);
    if (checkpointEvery < 1) {
      throw new UsageException("--checkpoint-every must be >= 1, got " + checkpointEvery);
    }
    // Validates optimizer, rate, damping, iterations and gram-every now, before any data.
    config(partitions == null ? 1 : partitions);
    if (partitions != null) {
      wrap(() -> BlockLayout.of(network, partitions));
    }

    dataPath = o.get("data");
    synthetic = o.has("synthetic") ? o.get("synthetic", null, SyntheticSpec::parse) : null;
    if ((dataPath == null) == (synthetic == null)) {
      throw new UsageException("give exactly one of --data PATH or --synthetic SPEC");
    }
    if (dataPath != null) {
      format = o.has("format") ? o.get("format", null, DataFormat::parse) : guessFormat(dataPath);
    } else {
      if (o.has("format") || o.has("label-col")) {
        throw new UsageException("--format and --label-col apply to --data only");
      }
      format = null;
    }
    labelColumn = o.get("label-col") == null ? "label" : o.get("label-col");
    normalize = o.flag("normalize");
    out = o.get("out");
    overwrite = o.flag("overwrite");
    master = o.get("master");
    for (String kv : o.all("spark-conf")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--spark-conf \"" + kv + "\": expected KEY=VALUE");
      }
      sparkConf.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
  }

  static TrainOptions parse(String[] args) {
    return new TrainOptions(ParsedOptions.parse(SPECS, args));
  }

  /** --help anywhere, or -h as the first argument (elsewhere "-h" may be an option's value). */
  static boolean wantsHelp(String[] args) {
    if (args.length > 0 && args[0].equals("-h")) {
      return true;
    }
    for (String a : args) {
      if (a.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  /** The trainer's configuration for a given number of blocks. */
  TrainConfig config(int numBlocks) {
    return wrap(() -> new TrainConfig(network, optimizer, learningRate, damping, iterations,
        gramEvery, numBlocks));
  }

  private static DataFormat guessFormat(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return DataFormat.CSV;
    }
    if (lower.endsWith(".libsvm") || lower.endsWith(".svm") || lower.endsWith(".libsvm.gz")
        || lower.endsWith(".txt")) {
      return DataFormat.LIBSVM;
    }
    throw new UsageException("--data " + path + ": cannot tell the format from the name; "
        + "give --format libsvm or --format csv");
  }

  private static <T> T wrap(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: widenet train (--data PATH | --synthetic SPEC) [options]\n\n");
    sb.append("Trains a wide two-layer network on Spark, neurons partitioned into blocks.\n\n");
    for (OptionSpec s : SPECS) {
      String left = "  --" + s.name() + (s.takesValue() ? " " + s.placeholder() : "");
      sb.append(String.format(Locale.ROOT, "%-34s %s", left, s.help()));
      if (!s.defaultText().isEmpty()) {
        sb.append(" [").append(s.defaultText()).append(']');
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
