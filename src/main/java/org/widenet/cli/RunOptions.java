package org.widenet.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options every command that starts Spark and writes a directory shares. */
final class RunOptions {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("out", "DIR", "runs/<command>-<time>", "output directory (must be empty "
          + "or new)"),
      OptionSpec.flag("overwrite", "replace widenet's outputs in a non-empty --out"),
      OptionSpec.value("master", "URL", "local[*] (or spark-submit's)", "Spark master"),
      OptionSpec.repeatable("spark-conf", "KEY=VALUE", "extra Spark setting (repeatable)"),
      OptionSpec.flag("help", "print this help"));

  /** The options of every train command: {@link #SPECS} and --report. */
  static final List<OptionSpec> TRAIN_SPECS = concat(SPECS.subList(0, SPECS.size() - 1),
      List.of(OptionSpec.flag("report", "at the end (also after a failure), write report.html "
          + "with this run's figures into --out/report (see widenet report)"),
          SPECS.get(SPECS.size() - 1)));

  /** The config-file option, listed first by every command. */
  static final OptionSpec CONFIG = OptionSpec.value("config", "FILE", "", "properties file of "
      + "options (keys without --); flags override it");

  final String out;
  final boolean overwrite;
  final String master;
  final Map<String, String> sparkConf = new LinkedHashMap<>();
  /** train --report: write the run's report into --out/report at the end. */
  final boolean report;

  RunOptions(ParsedOptions o) {
    out = o.get("out");
    report = o.flag("report");
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

  /** The help text of a command: usage line, one line of purpose, then every option. */
  static String help(String usage, String purpose, List<OptionSpec> specs) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: ").append(usage).append("\n\n").append(purpose).append("\n\n");
    for (OptionSpec s : specs) {
      String left = "  --" + s.name() + (s.takesValue() ? " " + s.placeholder() : "");
      sb.append(String.format(java.util.Locale.ROOT, "%-34s %s", left, s.help()));
      if (!s.defaultText().isEmpty()) {
        sb.append(" [").append(s.defaultText()).append(']');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Concatenates option lists in order. */
  @SafeVarargs
  static List<OptionSpec> concat(List<OptionSpec>... lists) {
    List<OptionSpec> all = new java.util.ArrayList<>();
    for (List<OptionSpec> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }

  /**
   * The options of several lists, each name once, first listing first (a name must be of
   * the same kind in every list).
   */
  @SafeVarargs
  static List<OptionSpec> union(List<OptionSpec>... lists) {
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (List<OptionSpec> list : lists) {
      for (OptionSpec s : list) {
        OptionSpec before = byName.putIfAbsent(s.name(), s);
        if (before != null && (before.takesValue() != s.takesValue()
            || before.repeatable() != s.repeatable())) {
          throw new IllegalStateException("--" + s.name() + " is a flag in one command "
              + "and takes a value in another");
        }
      }
    }
    return List.copyOf(byName.values());
  }
}
