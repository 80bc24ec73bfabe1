package org.widenet.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON metadata stored beside a saved relu2/exp2 model's Parquet weights; it names the
 * family twice, under {@code family} (every family's key) and {@code model} (0.1.0's, kept
 * for the tools that read it). {@link #FORMAT_VERSION}
 * changes whenever the layout of a saved model changes; readers refuse versions they do not
 * know.
 *
 * @param network the network the weights belong to
 * @param inputDim d
 * @param numBlocks how many blocks (Parquet files) hold the weights
 * @param iterations how many updates the weights have had
 * @param provenance free-form facts about how the model was made (versions, data, settings)
 */
public record ModelMetadata(NetworkSpec network, int inputDim, int numBlocks, int iterations,
    Map<String, Object> provenance) {

  /** The current model layout version. */
  public static final int FORMAT_VERSION = 1;

  /** The provenance key of {@link #labelScale()}. */
  public static final String LABEL_SCALE = "label_scale";

  /** The metadata as a JSON-ready ordered map. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("format", "widenet-model");
    map.put("format_version", FORMAT_VERSION);
    map.put("family", network.family().cliName());
    map.put("model", network.family().cliName());
    map.put("width", network.width());
    map.put("input_dim", inputDim);
    map.put("output_scale", network.outputScale());
    map.put("init_scale", network.initScale());
    map.put("seed", network.seed());
    map.put("symmetric_init", network.symmetricInit());
    map.put("num_blocks", numBlocks);
    map.put("iterations", iterations);
    map.put("weights", "weights/ (Parquet: block int, neuron long, a double, w vector)");
    map.put("provenance", provenance);
    return map;
  }

  /**
   * The factor the training labels were divided by (--scale-labels, or the Spark ML param
   * scaleLabels), as the provenance records it: {@code label_scale} at its top level (Spark ML)
   * or under {@code data} (the CLI). Outputs in the labels' units are the network's outputs
   * times this.
   *
   * @return the factor, 1 when the labels were not scaled
   */
  public double labelScale() {
    return labelScale(provenance);
  }

  /** {@link #labelScale()} of a provenance map (the map may be null or lack the key). */
  public static double labelScale(Map<String, Object> provenance) {
    if (provenance == null) {
      return 1.0;
    }
    Object value = provenance.get(LABEL_SCALE);
    if (value == null && provenance.get("data") instanceof Map<?, ?> data) {
      value = data.get(LABEL_SCALE);
    }
    return value instanceof Number number ? number.doubleValue() : 1.0;
  }

  /** Reads metadata written by {@link #toMap()}; the error names the key that is wrong. */
  public static ModelMetadata fromMap(Map<String, Object> map) {
    Object version = map.get("format_version");
    if (!(version instanceof Number) || ((Number) version).intValue() != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported widenet model format_version " + version
          + " (this widenet reads " + FORMAT_VERSION + ")");
    }
    NetworkSpec spec = new NetworkSpec(ModelFamily.parse(String.valueOf(map.get("model"))),
        number(map, "width").longValue(), number(map, "init_scale").doubleValue(),
        number(map, "seed").longValue(), Boolean.TRUE.equals(map.get("symmetric_init")));
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = map.get("provenance") instanceof Map
        ? (Map<String, Object>) map.get("provenance") : Map.of();
    return new ModelMetadata(spec, number(map, "input_dim").intValue(),
        number(map, "num_blocks").intValue(), number(map, "iterations").intValue(), provenance);
  }

  private static Number number(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException("model metadata: \"" + key + "\" is missing or not a "
          + "number");
    }
    return (Number) value;
  }
}
