package org.widenet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.deep.DeepBench;
import org.widenet.report.Provenance;

/**
 * {@code widenet bench --deep}: the per-iteration cost of deep-last Gauss-Newton as m grows
 * (exact in C V^T form, TensorSRHT, TensorSketch, dense-update baseline), with the fitted
 * exponent of m per variant. Runs in this JVM (no Spark). Writes deep-bench.csv and
 * deep-bench.json.
 */
final class DeepBenchCommand {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.flag("deep", "the deep-last scaling bench (this help)"),
      OptionSpec.value("widths", "M,M,...", "1024,2048,4096,8192,16384", "widths m"),
      OptionSpec.value("n", "N", "32", "training points (sphere, d = 10)"),
      OptionSpec.value("depth", "L", "2", "layers"),
      OptionSpec.value("alpha", "A", "0.1", "sparsity exponent"),
      OptionSpec.value("sketch-size", "S", "1024", "sketch size (a power of two)"),
      OptionSpec.value("iterations", "T", "7", "Gauss-Newton steps per case (>= 3)"),
      OptionSpec.value("dense-max-width", "M", "4096", "largest m of the dense baseline "
          + "(it holds m^2 doubles)"),
      OptionSpec.value("partitions", "P", "4", "row blocks"),
      OptionSpec.value("out", "DIR", "runs/bench-deep-<time>", "output directory"),
      OptionSpec.flag("overwrite", "replace widenet's outputs in a non-empty --out"),
      OptionSpec.flag("help", "print this help"));

  private final PrintStream out;
  private final PrintStream err;

  DeepBenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static boolean wanted(String[] args) {
    return List.of(args).contains("--deep");
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(RunOptions.help("widenet bench --deep [options]", "Times deep-last "
          + "Gauss-Newton iterations as the width grows and fits the exponent of m.", SPECS));
      return 0;
    }
    DeepBench.Settings settings;
    int n;
    Path outDir;
    try {
      ParsedOptions o = ParsedOptions.parse(SPECS, args);
      int[] widths = o.get("widths", new int[] {1024, 2048, 4096, 8192, 16384},
          DeepBenchCommand::parseWidths);
      n = o.getInt("n", 32);
      int iterations = o.getInt("iterations", 7);
      int sketch = o.getInt("sketch-size", 1024);
      if (n < 2) {
        throw new UsageException("--n must be at least 2, got " + n);
      }
      if (iterations < 3) {
        throw new UsageException("--iterations must be at least 3, got " + iterations);
      }
      if (Integer.bitCount(sketch) != 1 || sketch < n) {
        throw new UsageException("--sketch-size must be a power of two >= --n, got " + sketch);
      }
      int depth = o.getInt("depth", 2);
      if (depth < 2) {
        throw new UsageException("--depth must be at least 2, got " + depth);
      }
      double alpha = o.getDouble("alpha", 0.1);
      if (!(alpha >= 0 && alpha < 1)) {
        throw new UsageException("--alpha must be in [0, 1), got " + alpha);
      }
      int partitions = o.getInt("partitions", 4);
      if (partitions < 1) {
        throw new UsageException("--partitions must be at least 1, got " + partitions);
      }
      settings = new DeepBench.Settings(depth, alpha, widths,
          o.getInt("dense-max-width", 4096), sketch, iterations, partitions, 0);
      outDir = Path.of(o.get("out") != null ? o.get("out") : "runs/bench-deep-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss",
              Locale.ROOT)));
      OutputDirectory.check(outDir, o.flag("overwrite"));
      OutputDirectory.prepare(outDir, o.flag("overwrite"));
    } catch (UsageException | IllegalArgumentException | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Dataset data = SyntheticSpec.parse("sphere:n=" + n + ",d=10,target=random").generate();
    List<DeepBench.Point> points = DeepBench.run(settings, n, 10, data.x(), data.y(),
        err::println);
    StringBuilder csv = new StringBuilder("variant,width,n,seconds_per_iteration\n");
    for (DeepBench.Point p : points) {
      csv.append(p.variant()).append(',').append(p.width()).append(',').append(n).append(',')
          .append(p.secondsPerIteration()).append('\n');
    }
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, Object> exponents = new LinkedHashMap<>();
    out.printf(Locale.ROOT, "%-12s %8s %14s%n", "variant", "m", "s/iteration");
    for (DeepBench.Point p : points) {
      out.printf(Locale.ROOT, "%-12s %8d %14.6f%n", p.variant(), p.width(),
          p.secondsPerIteration());
    }
    for (String v : DeepBench.VARIANTS) {
      double e = DeepBench.exponent(points, v);
      exponents.put(v, Double.isNaN(e) ? null : e);
      out.printf(Locale.ROOT, "fitted exponent of m, %-12s %s%n", v + ":",
          Double.isNaN(e) ? "-" : String.format(Locale.ROOT, "%.2f", e));
    }
    json.put("exponents", exponents);
    json.put("n", n);
    json.put("depth", settings.depth());
    json.put("alpha", settings.alpha());
    json.put("sketch_size", settings.sketchSize());
    json.put("iterations", settings.iterations());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DeepBench.Point p : points) {
      rows.add(Map.of("variant", p.variant(), "width", p.width(), "seconds_per_iteration",
          p.secondsPerIteration()));
    }
    json.put("points", rows);
    Provenance.describe(json);
    try {
      Files.writeString(outDir.resolve("deep-bench.csv"), csv, StandardCharsets.UTF_8);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(outDir.resolve("deep-bench.json").toFile(), json);
    } catch (IOException e) {
      err.println("widenet: error: cannot write " + outDir + ": " + e.getMessage());
      return 1;
    }
    out.println("outputs in " + outDir);
    return 0;
  }

  private static int[] parseWidths(String s) {
    String[] parts = s.split(",");
    int[] w = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      w[i] = Integer.parseInt(parts[i].trim());
      if (w[i] < 16 || (i > 0 && w[i] <= w[i - 1])) {
        throw new IllegalArgumentException("widths must be ascending and at least 16");
      }
    }
    return w;
  }
}
