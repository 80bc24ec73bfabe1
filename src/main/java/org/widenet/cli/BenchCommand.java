package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchEngine;
import org.widenet.bench.BenchReport;
import org.widenet.bench.BenchResult;
import org.widenet.bench.BenchSuite;
import org.widenet.bench.BlasProbe;
import org.widenet.bench.CaseRunner;
import org.widenet.bench.Machine;
import org.widenet.bench.peers.MllibPeer;
import org.widenet.bench.peers.PeerRows;
import org.widenet.bench.peers.PeerRunner;
import org.widenet.spark.SparkSessions;

/**
 * {@code widenet bench}: times the training step on the standard shapes of a suite and writes
 * bench.csv, bench.json and a table (see the README's Benchmarks section). Progress goes to
 * stderr. Exit 0 when every case ran (an optional case may be skipped), 1 when a case failed or
 * a required one was skipped, 2 on bad usage. With --peers, the peers' rows follow (a peer that
 * cannot run is a skipped row and never changes the exit status) and the table is followed by
 * one comparison line per peer.
 */
final class BenchCommand {
  static final int MIN_ITERATIONS = 5;
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("suite", "quick|full|memory|traffic|scaling", "quick", "which shapes: "
          + "quick takes a few minutes, full adds the large ones, memory is full's rows where "
          + "the weights dominate the heap (one per family, run with -Xmx6g), traffic is relu2 "
          + "GD at n = 100, "
          + "d = 10 and m = 10^3 to 10^6 for the bytes moved per iteration, scaling relu2 GD at "
          + "(1000, 784, 10^5) for 1 against 2 executors (run both on a cluster master)"),
      OptionSpec.value("only", "NAME[,NAME]", "all", "run only the cases with these names "
          + "(tiny, relu2-gd, relu2-gram, relu2-gn, exp2-gd, softmax2-gd, smooth2-gd, "
          + "deep-last-gn)"),
      OptionSpec.value("width", "M", "all", "run only the cases of width m = M (with their "
          + "peers)"),
      OptionSpec.value("iterations", "N", "5", "timed iterations per case (at least 5)"),
      OptionSpec.value("warmup", "N", "2 (tiny: 100)", "untimed iterations per case before "
          + "the timed ones"),
      OptionSpec.value("engine", "spark|local", "spark", "the Spark engine, or every block in "
          + "this JVM without Spark, on one thread per core"),
      OptionSpec.value("partitions", "P", "Spark's default parallelism (local: cores)",
          "neuron blocks"),
      OptionSpec.value("out", "DIR", "runs/bench-<time>", "output directory (must be empty or "
          + "new)"),
      OptionSpec.value("master", "URL", "local[*]", "Spark master"),
      OptionSpec.repeatable("spark-conf", "KEY=VALUE", "extra Spark setting (repeatable)"),
      OptionSpec.flag("peers", "also time the peers on the relu2-gd and relu2-gram shapes: "
          + "Spark MLlib's MLP and benchmarks/numpy_peer.py (extra peer-* rows)"),
      OptionSpec.value("peer-timeout", "SECONDS", "600", "wall-time limit of each peer run; "
          + "a peer over it is reported as skipped"),
      OptionSpec.flag("help", "print this help"));

  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (DeepBenchCommand.wanted(args)) {
      return new DeepBenchCommand(out, err).run(args);
    }
    if (RunOptions.wantsHelp(args)) {
      out.print(RunOptions.help("widenet bench [options]", "Times the training step on "
          + "standard shapes; writes bench.csv and bench.json and prints a table.", SPECS));
      return 0;
    }
    List<BenchCase> cases;
    int iterations;
    int warmup;
    boolean spark;
    Integer partitions;
    String suite;
    Path outDir;
    RunOptions run;
    boolean peers;
    double peerTimeout;
    try {
      ParsedOptions o = ParsedOptions.parse(SPECS, args);
      suite = o.get("suite", "quick", s -> s.toLowerCase(Locale.ROOT));
      cases = o.get("suite", BenchSuite.quick(), BenchSuite::named);
      if (o.has("only")) {
        List<String> names = Arrays.stream(o.get("only").split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        List<BenchCase> all = cases;
        cases = NetworkOptions.usage(() -> BenchSuite.only(all, names));
      }
      if (o.has("width")) {
        long width = o.getLong("width", 0);
        List<BenchCase> all = cases;
        cases = all.stream().filter(c -> c.m() == width).toList();
        if (cases.isEmpty()) {
          throw new UsageException("--width " + width + ": no such case in this selection "
              + "(widths: " + all.stream().map(c -> String.valueOf(c.m())).distinct()
              .collect(Collectors.joining(", ")) + ")");
        }
      }
      iterations = o.getInt("iterations", MIN_ITERATIONS);
      if (iterations < MIN_ITERATIONS) {
        throw new UsageException("--iterations must be at least " + MIN_ITERATIONS + ", got "
            + iterations);
      }
      warmup = o.has("warmup") ? o.getInt("warmup", BenchCase.DEFAULT_WARMUP) : -1;
      if (warmup < 0 && o.has("warmup")) {
        throw new UsageException("--warmup must be >= 0, got " + warmup);
      }
      String engine = o.get("engine", "spark", s -> s.toLowerCase(Locale.ROOT));
      if (!engine.equals("spark") && !engine.equals("local")) {
        throw new UsageException("--engine must be spark or local, got \"" + engine + "\"");
      }
      spark = engine.equals("spark");
      run = new RunOptions(o);
      if (!spark && (run.master != null || !run.sparkConf.isEmpty())) {
        throw new UsageException("--master and --spark-conf apply to --engine spark only");
      }
      partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
      if (partitions != null && partitions < 1) {
        throw new UsageException("--partitions must be at least 1, got " + partitions);
      }
      peers = o.has("peers");
      peerTimeout = o.getDouble("peer-timeout", 600);
      if (!(peerTimeout > 0)) {
        throw new UsageException("--peer-timeout must be positive, got " + peerTimeout);
      }
      outDir = Path.of(run.out != null ? run.out : defaultOut());
      OutputDirectory.prepare(outDir, false);
    } catch (UsageException | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Settings settings = new Settings(suite, cases, warmup, iterations, partitions, outDir,
        peers, peerTimeout);
    if (!spark) {
      return runAll(BenchEngine.local(), null, settings);
    }
    if (peers) {
      // MLlib returns one full gradient per partition each iteration: at m = 10^5 more than
      // Spark's default 1g limit on collected results. widenet itself ships n-vectors only.
      run.sparkConf.putIfAbsent("spark.driver.maxResultSize", "0");
      // Registration is required; MLlib's MLP ships a Breeze class widenet's registrator lacks.
      run.sparkConf.merge("spark.kryo.classesToRegister", String.join(",",
          MllibPeer.KRYO_CLASSES), (a, b) -> a + "," + b);
    }
    // Executors in other JVMs report their peak heap at task end only when they poll for it.
    run.sparkConf.putIfAbsent("spark.executor.metrics.pollingInterval", "100ms");
    SparkSession session;
    try {
      session = SparkSessions.create("widenet bench", run.master, run.sparkConf);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println("widenet: bench failed: cannot start Spark: "
          + why.lines().findFirst().orElse(why));
      return 1;
    }
    try {
      return runAll(BenchEngine.spark(JavaSparkContext.fromSparkContext(
          session.sparkContext())), session, settings);
    } finally {
      session.stop();
    }
  }

  /** warmup: --warmup, or -1 when not given (each case's own, {@link BenchCase#warmup}). */
  private record Settings(String suite, List<BenchCase> cases, int warmup, int iterations,
      Integer partitions, Path outDir, boolean peers, double peerTimeout) {}

  private int runAll(BenchEngine engines, SparkSession session, Settings s) {
    Machine machine = Machine.current();
    out.print(BenchReport.header(machine, engines.describe(), s.suite(),
        engines.executorsInThisJvm()));
    BlasProbe probe = new BlasProbe(0.25, 3);
    // The peers' warm-up; each case takes its own (BenchCase#warmup).
    int warmup = s.warmup() >= 0 ? s.warmup() : BenchCase.DEFAULT_WARMUP;
    CaseRunner runner = new CaseRunner(engines, probe, warmup, s.iterations(),
        s.partitions(), err);
    List<BenchResult> results = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < s.cases().size(); i++) {
      BenchCase c = s.cases().get(i);
      err.printf(Locale.ROOT, "bench: [%d/%d] %s%n", i + 1, s.cases().size(), c.label());
      BenchResult result;
      int caseWarmup = c.warmup(s.warmup());
      try {
        result = new CaseRunner(engines, probe, caseWarmup, s.iterations(), s.partitions(),
            err).run(c);
      } catch (Exception e) {
        // Spark throws checked exceptions undeclared; report the case and go on.
        String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
            .orElse(e.toString());
        err.println("bench:   failed: " + why);
        result = new BenchResult(c, "failed: " + why, engines.describe(), 0, 0, caseWarmup,
            null, Double.NaN, Double.NaN, -1, -1, "");
      }
      if (result.ok()) {
        err.printf(Locale.ROOT, "bench:   median %.4g s, %.3g GFLOP/s, %.2f of the BLAS rate "
            + "(%.3g GFLOP/s)%n", result.timing().median(), result.gflops(), result.blasRatio(),
            result.blasGflops());
      } else if (!c.optional()) {
        complete = false;
      }
      results.add(result);
      BenchReport.write(s.outDir(), results, machine);
    }
    if (s.peers()) {
      new PeerRunner(runner, session, engines.describe(), warmup, s.iterations(),
          s.peerTimeout(), err).run(s.cases(), row -> {
            results.add(row);
            BenchReport.write(s.outDir(), results, machine);
          });
    }
    out.print(BenchReport.table(results));
    if (s.peers()) {
      PeerRows.comparisons(results).forEach(out::println);
    }
    out.println("results: " + s.outDir().resolve("bench.csv") + ", "
        + s.outDir().resolve("bench.json"));
    return complete ? 0 : 1;
  }

  private static String defaultOut() {
    return "runs/bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
        "yyyyMMdd-HHmmss", Locale.ROOT));
  }
}
