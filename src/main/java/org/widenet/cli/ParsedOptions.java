package org.widenet.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Command-line options after parsing: values from {@code --config FILE} (a properties file
 * whose keys are option names without dashes), overridden by flags. Repeatable options keep
 * every value; any other option given twice on the command line is an error, since one of the
 * two values would be silently dropped. Every error is a {@link UsageException} naming the
 * option (and the file).
 */
final class ParsedOptions {
  private final Map<String, OptionSpec> specs;
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private ParsedOptions(Map<String, OptionSpec> specs) {
    this.specs = specs;
  }

  static ParsedOptions parse(List<OptionSpec> known, String[] args) {
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    known.forEach(s -> specs.put(s.name(), s));
    ParsedOptions flags = new ParsedOptions(specs);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument \"" + arg + "\" (options start with --)");
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      OptionSpec spec = specs.get(name);
      if (spec == null) {
        refuseRenamed(name, specs, "");
        throw new UsageException("unknown option --" + name + " (see --help)");
      }
      String value;
      if (!spec.takesValue()) {
        if (inline != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        value = "true";
      } else if (inline != null) {
        value = inline;
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new UsageException("option --" + name + " needs a value (" + spec.placeholder()
            + ")");
      }
      List<String> given = flags.values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!given.isEmpty() && !spec.repeatable()) {
        throw new UsageException("option --" + name + " given twice" + (spec.takesValue()
            ? " (" + given.get(0) + " and " + value + ")" : "") + ": give it once");
      }
      given.add(value);
    }
    if (!flags.has("config")) {
      return flags;
    }
    ParsedOptions merged = fromConfig(specs, Path.of(flags.get("config")));
    flags.values.forEach(merged.values::put);
    return merged;
  }

  private static ParsedOptions fromConfig(Map<String, OptionSpec> specs, Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (NoSuchFileException e) {
      throw new UsageException("--config " + file + ": no such file");
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--config " + file + ": cannot read: " + e.getMessage());
    }
    ParsedOptions parsed = new ParsedOptions(specs);
    for (String key : props.stringPropertyNames().stream().sorted().toList()) {
      OptionSpec spec = specs.get(key);
      if (spec == null) {
        refuseRenamed(key, specs, "--config " + file + ": ");
      }
      if (spec == null || key.equals("config")) {
        throw new UsageException("--config " + file + ": unknown key \"" + key + "\"");
      }
      String value = props.getProperty(key).trim();
      if (!spec.takesValue() && !value.equals("true") && !value.equals("false")) {
        throw new UsageException("--config " + file + ": key \"" + key
            + "\" is a flag: use true or false");
      }
      if (!spec.takesValue() && value.equals("false")) {
        continue;
      }
      List<String> list = new ArrayList<>();
      if (spec.repeatable()) {
        for (String part : value.split(";")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
      } else {
        list.add(value);
      }
      parsed.values.put(key, list);
    }
    return parsed;
  }

  /** Refuses an option's old spelling by naming the new one (when this command has it). */
  private static void refuseRenamed(String name, Map<String, OptionSpec> specs,
      String where) {
    String now = SharedTrainOptions.RENAMED.get(name);
    if (now != null && specs.containsKey(now)) {
      throw new UsageException(where + "--" + name + " is now --" + now);
    }
  }

  /** Every option and its values (after --config merging), for saving with a checkpoint. */
  Map<String, List<String>> asMap() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /**
   * The options saved with a checkpoint, overridden option by option by those given now.
   *
   * @throws UsageException when a saved option is unknown to this version
   */
  static ParsedOptions overlay(List<OptionSpec> known, Map<String, List<String>> saved,
      ParsedOptions given) {
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    known.forEach(s -> specs.put(s.name(), s));
    ParsedOptions merged = new ParsedOptions(specs);
    saved.forEach((name, list) -> {
      if (!specs.containsKey(name)) {
        throw new UsageException("the checkpoint's run used option --" + name
            + ", unknown to this widenet version");
      }
      merged.values.put(name, new ArrayList<>(list));
    });
    given.values.forEach((name, list) -> merged.values.put(name, new ArrayList<>(list)));
    return merged;
  }

  /** A copy with one option set to a single value (or removed, when value is null). */
  ParsedOptions with(String name, String value) {
    ParsedOptions copy = new ParsedOptions(specs);
    values.forEach((k, v) -> copy.values.put(k, new ArrayList<>(v)));
    if (value == null) {
      copy.values.remove(name);
    } else {
      copy.values.put(name, new ArrayList<>(List.of(value)));
    }
    return copy;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of the option (the last one, for a repeatable option), or null. */
  String get(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(list.size() - 1);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return has(name);
  }

  <T> T get(String name, T fallback, Function<String, T> parser) {
    String raw = get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a valid number" : e.getMessage();
      throw new UsageException("--" + name + " \"" + raw + "\": " + why);
    }
  }

  int getInt(String name, int fallback) {
    return get(name, fallback, Integer::parseInt);
  }

  long getLong(String name, long fallback) {
    return get(name, fallback, Long::parseLong);
  }

  double getDouble(String name, double fallback) {
    return get(name, fallback, Double::parseDouble);
  }
}
