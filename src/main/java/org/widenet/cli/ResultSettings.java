package org.widenet.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.widenet.data.Dataset;
import org.widenet.data.MultiLabelData;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepSpec;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothSettings;
import org.widenet.softmax.SoftmaxSgdConfig;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;

/**
 * The settings of a training run that determine its result bit for bit, keyed by the option
 * that sets them, plus a fingerprint of the training data. A checkpoint stores them; a resume
 * with any of them changed is refused, naming the option. Settings that only change how the
 * run is executed or how long it goes (--master, --spark-conf, --iterations,
 * --checkpoint-every, --divergence-factor, --out) may change on resume.
 */
final class ResultSettings {
  /** The key under which the data fingerprint is stored. */
  static final String DATA = "data";

  private ResultSettings() {}

  /**
   * relu2's and exp2's settings.
   *
   * @param form the step form the run steps in, auto resolved ({@code TwoLayerTrainCommand};
   *     sgd always steps the weights)
   */
  static Map<String, String> of(TrainOptions opts, int blocks, Dataset data, StepForm form) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", opts.network.family().cliName());
    s.put("width", Long.toString(opts.network.width()));
    s.put("seed", Long.toString(opts.network.seed()));
    s.put("init-scale", Double.toString(opts.network.initScale()));
    s.put("symmetric-init", Boolean.toString(opts.network.symmetricInit()));
    s.put("partitions", Integer.toString(blocks));
    s.put("optimizer", opts.optimizer.cliName());
    s.put("lr", TrainConfig.isAutoLearningRate(opts.learningRate) ? "auto"
        : Double.toString(opts.learningRate));
    s.put("damping", Double.toString(opts.damping));
    s.put("gram-every", Integer.toString(opts.gramEvery));
    GramMode gram = opts.gramMode(data.n());
    s.put("gram", gram.cliName());
    if (gram == GramMode.MATRIX_FREE) {
      s.put("cg-tol", Double.toString(opts.cgTolerance));
      s.put("cg-max-iter", Integer.toString(opts.cgMaxIterations));
      s.put("lanczos-steps", Integer.toString(opts.lanczosSteps));
      if (opts.preconditionerRank > 0) {
        s.put("preconditioner-rank", Integer.toString(opts.preconditionerRank));
        s.put("preconditioner-every", Integer.toString(opts.preconditionerEvery));
      }
    }
    if (form == StepForm.SPAN) {
      // Only the span form is recorded, so that checkpoints of the weights form, from before
      // --step-form existed or not, keep their settings.
      s.put("step-form", StepForm.SPAN.cliName());
    }
    s.put("predict", Boolean.toString(opts.predict));
    s.put(DATA, "n=" + data.n() + ",d=" + data.d() + ",sha256=" + fingerprint(data));
    return s;
  }

  /** softmax2's full-batch settings (gd and gn), as {@link #of} gives relu2's. */
  static Map<String, String> softmax(SoftmaxSpec spec, SoftmaxTrainConfig config,
      GramSettings gram, int blocks, MultiLabelData train) {
    Map<String, String> s = softmaxNetwork(spec, blocks);
    s.put("optimizer", config.optimizer().cliName());
    s.put("lr", config.autoRate() ? "auto" : Double.toString(config.learningRate()));
    s.put("lr-constant", Double.toString(config.lrConstant()));
    s.put("damping", Double.toString(config.damping()));
    s.put("gram-every", Integer.toString(config.gramEvery()));
    s.put("gram", gram.mode().cliName());
    if (gram.isMatrixFree()) {
      s.put("cg-tol", Double.toString(gram.cgTolerance()));
      s.put("cg-max-iter", Integer.toString(gram.cgMaxIterations()));
      s.put("lanczos-steps", Integer.toString(gram.lanczosSteps()));
    }
    s.put(DATA, softmaxData(train));
    return s;
  }

  /** softmax2's sgd settings: the network, the step size, the batches and the data. */
  static Map<String, String> softmaxSgd(SoftmaxSpec spec, SoftmaxSgdConfig sgd, int blocks,
      MultiLabelData train) {
    Map<String, String> s = softmaxNetwork(spec, blocks);
    s.put("optimizer", "sgd");
    s.put("lr", Double.toString(sgd.learningRate()));
    s.put("batch-size", Integer.toString(sgd.batchSize()));
    s.put(DATA, softmaxData(train));
    return s;
  }

  /** The softmax2 network and its block count, first in every softmax2 run's settings. */
  private static Map<String, String> softmaxNetwork(SoftmaxSpec spec, int blocks) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", "softmax2");
    s.put("width", Integer.toString(spec.width()));
    s.put("seed", Long.toString(spec.seed()));
    s.put("init-scale", Double.toString(spec.sigma()));
    s.put("partitions", Integer.toString(blocks));
    return s;
  }

  /** softmax2's data fingerprint: its shape and the SHA-256 of inputs and labels. */
  private static String softmaxData(MultiLabelData train) {
    return "n=" + train.n() + ",d=" + train.d() + ",k=" + train.k() + ",sha256="
        + fingerprint(train.x(), train.y());
  }

  /** smooth2's gd settings (its labels are y, n x k, teacher labels included). */
  static Map<String, String> smooth(SmoothSettings settings, GramSettings gram, int blocks,
      Dataset data, double[] y, int k) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", "smooth2");
    s.put("width", Long.toString(settings.width()));
    s.put("activation", settings.activation().cliName());
    s.put("init", settings.init().cliName());
    s.put("omega-ratio", Double.toString(settings.omegaRatio()));
    s.put("seed", Long.toString(settings.seed()));
    s.put("partitions", Integer.toString(blocks));
    s.put("optimizer", settings.optimizer().cliName());
    if (settings.optimizer() == SmoothOptimizer.SGD) {
      // Only for sgd, so that gd's settings (and its checkpoints' check) stay as they were.
      s.put("batch-size", Integer.toString(settings.batchSize()));
    }
    s.put("lr", Double.isNaN(settings.learningRate()) ? "auto"
        : Double.toString(settings.learningRate()));
    s.put("gram-every", Integer.toString(settings.gramEvery()));
    s.put("lazy", Boolean.toString(settings.lazy()));
    s.put("gram", gram.mode().cliName());
    if (gram.isMatrixFree()) {
      s.put("lanczos-steps", Integer.toString(gram.lanczosSteps()));
    }
    s.put("outputs", Integer.toString(k));
    s.put(DATA, "n=" + data.n() + ",d=" + data.d() + ",sha256=" + fingerprint(data.x(), y));
    return s;
  }

  /** deep-last's settings (--train-layers 1). */
  static Map<String, String> deep(DeepSpec spec, DeepConfig config, int blocks, Dataset data) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", "deep-last");
    s.put("depth", Integer.toString(spec.depth()));
    s.put("width", Integer.toString(spec.width()));
    s.put("threshold", Double.toString(spec.threshold()));
    s.put("activation", spec.activation().cliName());
    s.put("seed", Long.toString(spec.seed()));
    s.put("partitions", Integer.toString(blocks));
    s.put("gn", config.method().cliName());
    s.put("sketch-size", Integer.toString(config.sketchSize()));
    s.put("sketch-seed", Long.toString(config.sketchSeed()));
    s.put("exact-check", Boolean.toString(config.exactCheck()));
    s.put("damping", Double.toString(config.damping()));
    s.put("tolerance", Double.toString(config.tolerance()));
    s.put("cg-tol", Double.toString(config.cgTolerance()));
    s.put("cg-max-iter", Integer.toString(config.cgMaxIterations()));
    if (config.preconditionerRank() > 0) {
      // Only when preconditioned, so that the settings of a plain run (and so its resume
      // check) are those of the checkpoints written before these options existed.
      s.put("preconditioner-rank", Integer.toString(config.preconditionerRank()));
      s.put("preconditioner-every", Integer.toString(config.preconditionerEvery()));
    }
    s.put(DATA, "n=" + data.n() + ",d=" + data.d() + ",sha256=" + fingerprint(data));
    return s;
  }

  /** SHA-256 of the settings in order, as "key=value" lines. */
  static String hash(Map<String, String> settings) {
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return HexFormat.of().formatHex(sha256().digest(text.toString()
        .getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The first setting that differs, as a one-line refusal, or null when none does.
   *
   * @param saved the checkpoint's settings
   * @param now this run's settings
   */
  static String firstDifference(Map<String, String> saved, Map<String, String> now) {
    for (Map.Entry<String, String> e : comparable(saved).entrySet()) {
      String current = now.get(e.getKey());
      if (e.getValue().equals(current)) {
        continue;
      }
      if (e.getKey().equals(DATA)) {
        return "the training data differ from the checkpointed run's (" + e.getValue()
            + ", now " + current + "): resume with the same --data or --synthetic and data "
            + "options";
      }
      return "--" + e.getKey() + " is " + (current == null ? "unset" : current)
          + " here but was " + e.getValue()
          + " in the checkpointed run, which would change the result: leave --" + e.getKey()
          + " out to keep it, or start a new run with a new --checkpoint-dir";
    }
    for (String key : now.keySet()) {
      if (!saved.containsKey(key)) {
        return "the checkpoint does not record --" + key + ": it was written by another "
            + "widenet version; start a new run";
      }
    }
    return null;
  }

  /**
   * The saved settings a run of today compares with: sgd checkpoints written before the step
   * form was resolved per command recorded auto's span choice, though sgd steps its weights,
   * so their step-form is dropped.
   */
  static Map<String, String> comparable(Map<String, String> saved) {
    if (!"sgd".equals(saved.get("optimizer")) || !saved.containsKey("step-form")) {
      return saved;
    }
    Map<String, String> s = new LinkedHashMap<>(saved);
    s.remove("step-form");
    return s;
  }

  private static String fingerprint(Dataset data) {
    return fingerprint(data.x(), data.y());
  }

  private static String fingerprint(double[] x, double[] y) {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);
    for (double[] values : new double[][] {x, y}) {
      for (double v : values) {
        if (!buffer.hasRemaining()) {
          digest.update(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        buffer.putLong(Double.doubleToRawLongBits(v));
      }
    }
    digest.update(buffer.array(), 0, buffer.position());
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
