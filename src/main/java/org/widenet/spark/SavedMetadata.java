package org.widenet.spark;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A saved model's {@code metadata.json} as every family's store reads it: the directory, the
 * keys, and the model's family. Every model saved since the one-store change names its family
 * under {@value #FAMILY} (the CLI's --model names, {@link #FAMILIES}); a model saved before
 * it has its family inferred as the stores always did: {@code format} "widenet-softmax2" is
 * softmax2, "widenet-deep-last-model" is deep-last, and "widenet-model" is its {@code model}
 * key (relu2 or exp2). smooth2 has always written {@value #FAMILY}.
 *
 * <p>Every error is an {@link IllegalArgumentException} naming the directory and the key.
 */
public final class SavedMetadata {
  /** The key naming the model's family. */
  public static final String FAMILY = "family";
  /** The families a saved model may hold, by their --model names. */
  public static final List<String> FAMILIES = List.of("relu2", "exp2", "softmax2", "smooth2",
      "deep-last");

  private final String dir;
  private final Map<String, Object> map;
  private final String family;

  private SavedMetadata(String dir, Map<String, Object> map, String family) {
    this.dir = dir;
    this.map = map;
    this.family = family;
  }

  /**
   * Reads and checks the metadata.json of the model under dir.
   *
   * @throws IllegalArgumentException when dir holds no readable metadata.json, or its family
   *     is missing or unknown (naming dir and the key)
   */
  public static SavedMetadata read(Configuration conf, String dir) {
    Map<String, Object> map;
    try {
      map = MetadataFile.read(conf, dir);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("model " + dir + ": no readable " + MetadataFile.NAME
          + " (" + e.getCause().getMessage() + ")", e);
    }
    return new SavedMetadata(dir, map, familyOf(map, dir));
  }

  /**
   * Writes a model's metadata.json under dir (it must not exist yet). Every store saves
   * through here, so every model names its family: a map whose {@value #FAMILY} is not one
   * of {@link #FAMILIES} is refused.
   *
   * @throws IllegalArgumentException when the map names no known family
   */
  public static void write(Configuration conf, String dir, Map<String, Object> map) {
    if (!(map.get(FAMILY) instanceof String family) || !FAMILIES.contains(family)) {
      throw new IllegalArgumentException("model " + dir + ": " + MetadataFile.NAME
          + " must name its \"" + FAMILY + "\" (" + String.join(", ", FAMILIES) + "), got "
          + map.get(FAMILY));
    }
    MetadataFile.write(conf, dir, map);
  }

  /** The family of a metadata map: its {@value #FAMILY} key, or inferred (see the class). */
  static String familyOf(Map<String, Object> map, String dir) {
    String key;
    Object name;
    if (map.containsKey(FAMILY)) {
      key = FAMILY;
      name = map.get(FAMILY);
    } else if ("widenet-softmax2".equals(map.get("format"))) {
      return "softmax2";
    } else if ("widenet-deep-last-model".equals(map.get("format"))) {
      return "deep-last";
    } else if ("widenet-model".equals(map.get("format"))) {
      key = "model";
      name = map.get("model");
    } else {
      throw new IllegalArgumentException("model " + dir + ": " + MetadataFile.NAME
          + " has no \"" + FAMILY + "\" key (nor a \"format\" this widenet knows: "
          + map.get("format") + ")");
    }
    String family = name instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
    if (family == null || !FAMILIES.contains(family)) {
      throw new IllegalArgumentException("model " + dir + ": " + MetadataFile.NAME + " key \""
          + key + "\" is " + (name instanceof String ? "\"" + name + "\"" : name)
          + ", not a family this widenet knows (" + String.join(", ", FAMILIES) + ")");
    }
    return family;
  }

  /** The model's directory. */
  public String dir() {
    return dir;
  }

  /** The family, one of {@link #FAMILIES}. */
  public String family() {
    return family;
  }

  /** Every key of metadata.json. */
  public Map<String, Object> map() {
    return map;
  }

  /**
   * This metadata, checked to be of one of the families and of a format version up to
   * {@code maxVersion}.
   *
   * @throws IllegalArgumentException naming the directory otherwise
   */
  public SavedMetadata expect(int maxVersion, String... families) {
    if (!List.of(families).contains(family)) {
      throw new IllegalArgumentException("model " + dir + " is not a "
          + String.join(" or ", families) + " model (" + FAMILY + " " + family + ")");
    }
    int version = number("format_version").intValue();
    if (version > maxVersion) {
      throw new IllegalArgumentException("model " + dir + " has format_version " + version
          + ", newer than this widenet reads (" + maxVersion + ")");
    }
    return this;
  }

  /**
   * A number of metadata.json.
   *
   * @throws IllegalArgumentException "model DIR is damaged: ..." naming the key when it is
   *     missing or not a number
   */
  public Number number(String key) {
    if (!(map.get(key) instanceof Number value)) {
      throw new IllegalArgumentException("model " + dir + " is damaged: " + MetadataFile.NAME
          + " has no number \"" + key + "\"");
    }
    return value;
  }
}
