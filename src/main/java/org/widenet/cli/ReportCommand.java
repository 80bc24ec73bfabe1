package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.widenet.report.RunReport;

/**
 * {@code widenet report RUN_DIR [RUN_DIR ...] --out DIR}: the HTML report with figures of one
 * or more finished (or running) training runs, from their metrics.csv and summary.json; see
 * {@link RunReport}. Starts no Spark. Exit 0 when the report was written, 1 when writing it
 * failed, 2 on bad usage or a run directory that cannot be read (one line on stderr, nothing
 * written).
 */
final class ReportCommand {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("out", "DIR", "RUN_DIR/report for a single run", "output directory "
          + "(must be empty or new)"),
      OptionSpec.flag("overwrite", "write into a non-empty --out, replacing an earlier "
          + "report's files (report.html, fig-*.png, fig-*.svg) and keeping anything else"),
      OptionSpec.flag("help", "print this help"));

  private final PrintStream out;
  private final PrintStream err;

  ReportCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(RunOptions.help("widenet report RUN_DIR [RUN_DIR ...] --out DIR [options]",
          "Writes report.html (figures embedded, so the one file can be mailed) and each figure "
          + "as fig-*.png and fig-*.svg,\nfrom the runs' metrics.csv and summary.json; several "
          + "runs are overlaid, labelled by the settings that differ.", SPECS));
      return 0;
    }
    List<Path> runs = new ArrayList<>();
    List<String> options = new ArrayList<>();
    Map<String, OptionSpec> specs = SPECS.stream()
        .collect(Collectors.toMap(OptionSpec::name, s -> s));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        options.add(a);
        OptionSpec spec = specs.get(a.substring(2));
        if (spec != null && spec.takesValue() && i + 1 < args.length
            && !args[i + 1].startsWith("--")) {
          options.add(args[++i]);
        }
      } else {
        runs.add(Path.of(a));
      }
    }
    Path outDir;
    try {
      ParsedOptions o = ParsedOptions.parse(SPECS, options.toArray(new String[0]));
      if (runs.isEmpty()) {
        throw new UsageException("report needs at least one run directory "
            + "(widenet report RUN_DIR [RUN_DIR ...] --out DIR)");
      }
      RunReport.check(runs);
      if (o.has("out")) {
        outDir = Path.of(o.get("out"));
      } else if (runs.size() == 1) {
        outDir = runs.get(0).resolve("report");
      } else {
        throw new UsageException("--out DIR is needed with several run directories");
      }
      OutputDirectory.check(outDir, o.flag("overwrite"));
    } catch (UsageException | IllegalArgumentException e) {
      err.println("widenet: error: " + e.getMessage());
      return 2;
    }
    try {
      Path html = RunReport.write(runs, outDir);
      out.println("report: " + html);
      return 0;
    } catch (UncheckedIOException e) {
      err.println("widenet: error: " + e.getMessage()
          + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
      return 1;
    }
  }
}
