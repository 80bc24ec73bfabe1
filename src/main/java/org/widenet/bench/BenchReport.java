package org.widenet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench.csv, bench.json and the console table. Both files hold one row per case with the
 * columns of {@link #COLUMNS}, in that order; a value that does not apply (a skipped case's
 * times, an unknown split) is an empty CSV cell and a JSON null. Times are seconds, rates
 * GFLOP/s, memory bytes. Column names are a contract: add, never rename.
 */
public final class BenchReport {
  /** The columns of bench.csv and the keys of every bench.json object. */
  public static final List<String> COLUMNS = List.of("name", "kind", "n", "d", "m", "status",
      "engine", "blocks", "threads", "warmup", "iterations", "median_s", "min_s", "max_s",
      "forward_s", "gradient_s", "gram_s", "other_s", "solve_s", "overhead_s", "setup_s",
      "flops", "model_flops", "gflops", "model_gflops", "blas_gflops", "blas_ratio", "blas",
      "blas_kernel", "peak_driver_bytes", "peak_executor_bytes", "max_heap_bytes", "cores",
      "openblas_num_threads", "java", "spark_version", "widenet_version", "host", "note",
      "shipped_bytes", "family", "weights_bytes", "peak_over_weights", "peak_live_bytes",
      "live_over_weights", "bytes_per_iteration", "result_bytes_per_iteration",
      "shuffle_bytes_per_iteration", "broadcast_bytes_per_iteration",
      "broadcast_fetched_bytes_per_iteration", "jobs_per_iteration", "tasks_per_iteration",
      "rpc_bytes_per_iteration");

  private BenchReport() {}

  /** One case as an ordered map of {@link #COLUMNS}; null where a value does not apply. */
  public static Map<String, Object> row(BenchResult r, Machine machine) {
    Map<String, Object> row = new LinkedHashMap<>();
    BenchCase c = r.bench();
    row.put("name", c.name());
    row.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
    row.put("n", c.n());
    row.put("d", c.d());
    row.put("m", c.m());
    row.put("status", r.status());
    row.put("engine", r.engine());
    row.put("blocks", r.blocks());
    row.put("threads", r.threads());
    row.put("warmup", r.warmup());
    Timing.Summary t = r.timing();
    row.put("iterations", t == null ? null : t.count());
    row.put("median_s", t == null ? null : number(t.median()));
    row.put("min_s", t == null ? null : number(t.min()));
    row.put("max_s", t == null ? null : number(t.max()));
    Timing.Sample s = t == null ? null : t.split();
    row.put("forward_s", s == null ? null : number(s.forward()));
    row.put("gradient_s", s == null ? null : number(s.gradient()));
    row.put("gram_s", s == null ? null : number(s.gram()));
    row.put("other_s", s == null ? null : number(s.other()));
    row.put("solve_s", s == null ? null : number(s.solve()));
    row.put("overhead_s", s == null ? null : number(s.overhead()));
    row.put("setup_s", number(r.setupSeconds()));
    row.put("flops", c.flops());
    row.put("model_flops", c.modelFlops());
    row.put("gflops", number(r.gflops()));
    row.put("model_gflops", number(r.modelGflops()));
    row.put("blas_gflops", number(r.blasGflops()));
    row.put("blas_ratio", number(r.blasRatio()));
    row.put("blas", machine.blas());
    row.put("blas_kernel", c.blasKernel());
    row.put("peak_driver_bytes", r.peakDriverBytes() < 0 ? null : r.peakDriverBytes());
    row.put("peak_executor_bytes", r.peakExecutorBytes() < 0 ? null : r.peakExecutorBytes());
    row.put("max_heap_bytes", machine.maxHeapBytes());
    row.put("cores", machine.cores());
    row.put("openblas_num_threads", machine.openblasThreads());
    row.put("java", machine.java());
    row.put("spark_version", machine.sparkVersion());
    row.put("widenet_version", machine.widenetVersion());
    row.put("host", machine.host());
    row.put("note", r.note());
    row.put("shipped_bytes", r.shippedBytes() < 0 ? null : r.shippedBytes());
    row.put("family", c.net().cliName());
    row.put("weights_bytes", c.weightBytes());
    row.put("peak_over_weights", r.peakDriverBytes() < 0 ? null
        : number((double) r.peakDriverBytes() / c.weightBytes()));
    row.put("peak_live_bytes", r.peakLiveBytes() < 0 ? null : r.peakLiveBytes());
    row.put("live_over_weights", r.peakLiveBytes() < 0 ? null
        : number((double) r.peakLiveBytes() / c.weightBytes()));
    TrafficMeter.Bytes b = r.traffic();
    row.put("bytes_per_iteration", b == null ? null : number(b.total()));
    row.put("result_bytes_per_iteration", b == null ? null : number(b.results()));
    row.put("shuffle_bytes_per_iteration", b == null ? null : number(b.shuffleWritten()));
    row.put("broadcast_bytes_per_iteration", b == null ? null : number(b.broadcast()));
    row.put("broadcast_fetched_bytes_per_iteration", b == null ? null : number(b.fetched()));
    row.put("jobs_per_iteration", b == null ? null : number(b.jobs()));
    row.put("rpc_bytes_per_iteration", b == null ? null : number(b.rpc()));
    row.put("tasks_per_iteration", b == null ? null : number(b.tasks()));
    return row;
  }

  /** Writes (or replaces) bench.csv and bench.json in {@code dir}, each atomically. */
  public static void write(Path dir, List<BenchResult> results, Machine machine) {
    List<Map<String, Object>> rows = new ArrayList<>();
    results.forEach(r -> rows.add(row(r, machine)));
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      COLUMNS.forEach(k -> cells.add(csvCell(row.get(k))));
      csv.append(String.join(",", cells)).append('\n');
    }
    try {
      replace(dir.resolve("bench.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
      byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsBytes(rows);
      replace(dir.resolve("bench.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark results in " + dir, e);
    }
  }

  /** The machine line printed above the table. */
  public static String header(Machine m, String engine, String suite, boolean executorsHere) {
    String s = String.format(Locale.ROOT, "widenet %s bench, suite %s: engine %s, BLAS %s, "
        + "%d cores, OPENBLAS_NUM_THREADS=%s, %s, max heap %.1f GiB%n", m.widenetVersion(),
        suite, engine, m.blas(), m.cores(), m.openblasThreads(), m.java(),
        m.maxHeapBytes() / (1024.0 * 1024 * 1024));
    s += executorsHere ? "executors run in the driver JVM: peak heap covers driver and "
        + "executors\n" : "executors run in other JVMs: peak heap is the driver's, "
        + "peak_executor_bytes in bench.json the executors'; no kernel split\n";
    return s;
  }

  /**
   * The console table: one line per case, times in milliseconds (median, min, max, and the
   * median iteration's split), rates in GFLOP/s, peak heap and the weights in MiB, and the
   * peak and the live peak ({@link PeakMemory}) over the weights, and the KiB moved between
   * driver and executors per iteration ({@link TrafficMeter}).
   */
  public static String table(List<BenchResult> results) {
    String[] head = {"name", "n", "d", "m", "median_ms", "min_ms", "max_ms", "fwd_ms",
        "grad_ms", "gram_ms", "other_ms", "solve_ms", "ovh_ms", "GFLOP/s", "BLAS_GFLOP/s",
        "ratio", "peak_MiB", "weights_MiB", "peak/weights", "live/weights", "KiB/it"};
    List<String[]> lines = new ArrayList<>();
    lines.add(head);
    List<String> skipped = new ArrayList<>();
    for (BenchResult r : results) {
      BenchCase c = r.bench();
      String[] cells = new String[head.length];
      cells[0] = c.name();
      cells[1] = String.valueOf(c.n());
      cells[2] = String.valueOf(c.d());
      cells[3] = String.valueOf(c.m());
      if (!r.ok()) {
        for (int i = 4; i < cells.length; i++) {
          cells[i] = "-";
        }
        skipped.add(c.label() + ": " + r.status());
      } else {
        Timing.Summary t = r.timing();
        Timing.Sample s = t.split();
        double[] ms = {t.median(), t.min(), t.max(), s.forward(), s.gradient(), s.gram(),
            s.other(), s.solve(), s.overhead()};
        for (int i = 0; i < ms.length; i++) {
          cells[4 + i] = millis(ms[i]);
        }
        cells[13] = rate(r.gflops());
        cells[14] = rate(r.blasGflops());
        cells[15] = fixed(r.blasRatio(), 2);
        cells[16] = r.peakDriverBytes() < 0 ? "-"
            : String.valueOf(Math.round(r.peakDriverBytes() / (1024.0 * 1024)));
        cells[17] = String.valueOf(Math.round(c.weightBytes() / (1024.0 * 1024)));
        cells[18] = r.peakDriverBytes() < 0 ? "-"
            : fixed((double) r.peakDriverBytes() / c.weightBytes(), 2);
        cells[19] = r.peakLiveBytes() < 0 ? "-"
            : fixed((double) r.peakLiveBytes() / c.weightBytes(), 2);
        cells[20] = r.traffic() == null ? "-" : fixed(r.traffic().total() / 1024, 1);
      }
      lines.add(cells);
    }
    int[] width = new int[head.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        String fmt = i == 0 ? "%-" + width[i] + "s" : "  %" + width[i] + "s";
        sb.append(String.format(Locale.ROOT, fmt, line[i]));
      }
      sb.append('\n');
    }
    skipped.forEach(line -> sb.append(line).append('\n'));
    return sb.toString();
  }

  private static String millis(double seconds) {
    if (Double.isNaN(seconds)) {
      return "n/a";
    }
    double ms = seconds * 1e3;
    return fixed(ms, Math.abs(ms) < 10 ? 2 : Math.abs(ms) < 1000 ? 1 : 0);
  }

  private static String rate(double gflops) {
    return fixed(gflops, Math.abs(gflops) < 10 ? 2 : 1);
  }

  private static String fixed(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** NaN and infinities become null (JSON has no NaN). */
  private static Double number(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String csvCell(Object v) {
    if (v == null) {
      return "";
    }
    String s = String.valueOf(v);
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static void replace(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
