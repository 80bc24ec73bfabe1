package org.widenet.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.widenet.train.TrainerState;

/**
 * One committed checkpoint as its manifest (checkpoint.json) describes it: the iteration, the
 * driver state, the block files with their sizes and checksums, the metrics rows so far, and
 * the settings of the run that wrote it (for resuming it and for refusing a changed one).
 *
 * @param dir the checkpoint's directory
 * @param state the driver loop's state after {@code state.iteration()}
 * @param blocks {block id, bytes, CRC-32} per block file, in block order
 * @param settings the settings that determine the result, by option name
 * @param configHash SHA-256 of the settings, for a quick equality check
 * @param options every option of the run that wrote it (restored on resume)
 * @param metricsBytes size of the saved metrics.csv
 * @param metricsCrc CRC-32 of the saved metrics.csv
 */
public record Checkpoint(String dir, TrainerState state, List<long[]> blocks,
    Map<String, String> settings, String configHash, Map<String, List<String>> options,
    long metricsBytes, long metricsCrc) {

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public int iteration() {
    return state.iteration();
  }

  /**
   * The model family of the run that wrote the checkpoint (written to the manifest as
   * {@code family}): its {@code model} setting, which every train command records; for a
   * manifest without one, its --model option, and relu2 (train's default) without that.
   */
  public String family() {
    if (settings != null && settings.get("model") != null) {
      return settings.get("model");
    }
    List<String> model = options == null ? null : options.get("model");
    return model == null || model.isEmpty() ? "relu2" : model.get(model.size() - 1);
  }

  Map<String, Object> toMap(String widenetVersion, String writtenAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "widenet-checkpoint");
    m.put("format_version", FORMAT_VERSION);
    m.put("family", family());
    m.put("iteration", state.iteration());
    m.put("config_hash", configHash);
    m.put("widenet_version", widenetVersion);
    m.put("written_at", writtenAt);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("learning_rate", state.learningRate());
    s.put("learning_rate_bits", bits(state.learningRate()));
    s.put("automatic_rate", state.automaticRate());
    s.put("initial_loss", state.initialLoss());
    s.put("initial_loss_bits", bits(state.initialLoss()));
    s.put("lambda_min_initial_bits", bits(state.initialLambdaMin()));
    s.put("lambda_max_initial_bits", bits(state.initialLambdaMax()));
    s.put("elapsed_ms", state.elapsedMs());
    m.put("state", s);
    List<Map<String, Object>> files = new ArrayList<>();
    for (long[] f : blocks) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("block", (int) f[0]);
      e.put("file", CheckpointStore.BLOCKS + "/" + BlockFiles.fileName((int) f[0]));
      e.put("bytes", f[1]);
      e.put("crc32", f[2]);
      files.add(e);
    }
    m.put("blocks", files);
    m.put("metrics", Map.of("file", CheckpointStore.METRICS, "bytes", metricsBytes,
        "crc32", metricsCrc));
    m.put("settings", settings);
    m.put("options", options);
    return m;
  }

  @SuppressWarnings("unchecked")
  static Checkpoint fromMap(String dir, Map<String, Object> m) {
    Object version = m.get("format_version");
    if (!"widenet-checkpoint".equals(m.get("format")) || !(version instanceof Number)) {
      throw new IllegalArgumentException("not a widenet checkpoint manifest");
    }
    if (((Number) version).intValue() != FORMAT_VERSION) {
      throw new IllegalArgumentException("checkpoint format_version " + version
          + " is not supported by this widenet (it reads " + FORMAT_VERSION + ")");
    }
    Map<String, Object> s = (Map<String, Object>) m.get("state");
    TrainerState state = new TrainerState(((Number) m.get("iteration")).intValue(),
        fromBits(s.get("learning_rate_bits")), (Boolean) s.get("automatic_rate"),
        fromBits(s.get("initial_loss_bits")), fromBits(s.get("lambda_min_initial_bits")),
        fromBits(s.get("lambda_max_initial_bits")), ((Number) s.get("elapsed_ms")).longValue());
    List<long[]> blocks = new ArrayList<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) m.get("blocks")) {
      blocks.add(new long[] {((Number) e.get("block")).longValue(),
          ((Number) e.get("bytes")).longValue(), ((Number) e.get("crc32")).longValue()});
    }
    Map<String, Object> metrics = (Map<String, Object>) m.get("metrics");
    return new Checkpoint(dir, state, blocks, (Map<String, String>) m.get("settings"),
        (String) m.get("config_hash"), (Map<String, List<String>>) m.get("options"),
        ((Number) metrics.get("bytes")).longValue(), ((Number) metrics.get("crc32")).longValue());
  }

  private static String bits(double v) {
    return Long.toHexString(Double.doubleToRawLongBits(v));
  }

  private static double fromBits(Object hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong((String) hex, 16));
  }
}
