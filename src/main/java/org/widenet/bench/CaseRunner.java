package org.widenet.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.widenet.data.Dataset;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.data.SyntheticSpec;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockLayout;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.DenseInputs;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Step;
import org.widenet.model.StepTimer;
import org.widenet.smooth.SmoothKernels;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.softmax.BlockSteps;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * Runs one {@link BenchCase} on a fresh engine: an untimed first pass (it builds the blocks),
 * {@code warmup} untimed iterations, then {@code iterations} timed ones, each split by
 * {@link Timing#split}; then the BLAS reference rate on the same shapes.
 *
 * <p>Data: n points uniform on the unit sphere in R^d with random +-1 labels (seed 1); network:
 * relu2 (or exp2) of width m, init scale 1, seed 0. Gradient descent uses eta = 1/n, which is
 * stable because lambda_max(J J^T) &lt;= trace = O(n) for unit-norm inputs. softmax2 (k = 10
 * one-hot classes), smooth2 (GeLU, k = 1, the +-1 labels) and deep-last (depth 2, the +-1
 * labels, exact Gauss-Newton) run through their own trainers on the generic engine: see
 * {@link #trained}.
 */
public final class CaseRunner {
  /** Gauss-Newton damping: keeps the solve defined whatever the spectrum. */
  static final double GN_DAMPING = 1e-6;
  /** Iterations slower than this get their own progress line. */
  private static final double PROGRESS_SECONDS = 1.0;

  private final BenchEngine engines;
  private final BlasProbe probe;
  private final int warmup;
  private final int iterations;
  private final Integer blocksAsked;
  private final PrintStream progress;

  /**
   * @param blocks the block count, or null for the engine's default (capped by m)
   * @param progress where progress lines go (stderr)
   */
  public CaseRunner(BenchEngine engines, BlasProbe probe, int warmup, int iterations,
      Integer blocks, PrintStream progress) {
    this.engines = engines;
    this.probe = probe;
    this.warmup = warmup;
    this.iterations = iterations;
    this.blocksAsked = blocks;
    this.progress = progress;
  }

  /** Runs the case; a case too big for the heap comes back skipped, never thrown. */
  public BenchResult run(BenchCase c) {
    int blocks = blocksAsked != null ? (int) Math.min(c.m(), blocksAsked)
        : c.blocks(engines.defaultBlocks());
    int slots = engines.slots(blocks);
    String tooBig = engines.tooBig(c, blocks, Runtime.getRuntime().maxMemory());
    if (tooBig != null) {
      String status = "skipped: " + tooBig;
      progress.println("bench:   " + status);
      return BenchResult.notRun(c, status, engines.describe(), blocks, slots, warmup,
          c.optional() ? "optional case" : "");
    }
    Dataset data = data(c);
    NetworkSpec spec = networkSpec(c);

    PeakMemory.reset();
    engines.resetExecutorPeaks();
    long start = System.nanoTime();
    Run run;
    TrafficWindow traffic = new TrafficWindow();
    if (c.net() == BenchCase.Net.RELU2 || c.net() == BenchCase.Net.EXP2) {
      try (TimedEngine engine = new TimedEngine(engines.create(spec, blocks, data.x(), c.n(),
          c.d()))) {
        StepTimer.install(engine.sink());
        try {
          run = switch (c.kind()) {
            case GD -> gradientDescent(engine, spec, data, c.spanForm(), slots, start,
                traffic);
            case GRAM -> gram(engine, data, slots, start, traffic);
            case GN -> {
              // The Trainer's first timed pass; it returns after its last.
              engine.beforeAdvance(traffic.hook(warmup + 1, -1));
              yield gaussNewton(engine, spec, data, blocks, slots, start);
            }
          };
          traffic.stop();
          run = run.noting(engine.residentNote(warmup));
        } finally {
          StepTimer.uninstall();
        }
      }
    } else {
      run = trained(c, data, blocks, slots, start, traffic);
    }
    long peakDriver = PeakMemory.peakHeapBytes();
    long peakLive = PeakMemory.peakLiveBytes();
    long peakExecutor = engines.peakExecutorBytes().orElse(-1);

    double rate = blasRate(c);
    String note = engines.executorsInThisJvm() ? run.note()
        : Run.joined("kernel split n/a: executors run in other JVMs", run.note());
    if (c.spanForm()) {
      note = Run.joined("span form: 2 n^2 m flops per step where the weights form takes "
          + "4 n d m (model_flops)", note);
    }
    long shipped = engines.describe().startsWith("spark") ? c.shippedBytes(blocks) : -1;
    return new BenchResult(c, "ok", engines.describe(), blocks, slots, warmup,
        Timing.summarize(run.samples), run.setupSeconds, rate, peakDriver, peakExecutor, note,
        shipped, peakLive, traffic.perIteration(run.samples.size()));
  }

  /**
   * The same-run BLAS reference rate in flop/s of the case's calls, on the chunk shapes and the
   * number of threads {@link #run} would use for it (cached by the probe, so a peer compared
   * with the case gets the very same figure).
   */
  public double blasRate(BenchCase c) {
    int blocks = blocksAsked != null ? (int) Math.min(c.m(), blocksAsked)
        : c.blocks(engines.defaultBlocks());
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, c.m(), 1.0, 0L, false);
    int count = BlockLayout.of(spec, blocks).count(0);
    // relu2 and exp2 step a block in chunks, softmax2 and smooth2 in fixed tiles; deep-last's
    // kernels take it whole.
    int chunk = switch (c.net()) {
      case RELU2, EXP2 -> BlockStepper.chunkWidth(c.n(), count);
      case SOFTMAX2 -> Math.min(BlockSteps.TILE, count);
      case SMOOTH2 -> Math.min(SmoothKernels.TILE, count);
      default -> count;
    };
    return probe.rate(c.blasCalls(chunk), engines.slots(blocks));
  }

  private static NetworkSpec networkSpec(BenchCase c) {
    return new NetworkSpec(c.net() == BenchCase.Net.EXP2 ? ModelFamily.EXP2 : ModelFamily.RELU2,
        c.m(), 1.0, 0L, false);
  }

  /**
   * Fixed learning rates, small enough for every suite shape to stay stable over a few steps
   * (the automatic rates need the Gram at t = 0, n k x n k for softmax2: too big to time
   * around). exp2's GD step is relu2's 1/n times 1e-6: at m = 1.6 x 10^5 a factor 1e-3 still
   * overflowed exp within two steps. The step size does not change the work of a step.
   */
  static final double SOFTMAX_LR = 1e-7;
  static final double SMOOTH_LR = 1e-3;
  static final double EXP2_STEP_FACTOR = 1e-6;

  /**
   * softmax2, smooth2 and deep-last through their own driver loops on a fresh engine of the
   * family: warmup + iterations + 1 iterations, iteration t timed from the start of its engine
   * pass to the start of the next one (so it holds its pass and the driver work that makes the
   * next step). The split is the engine's calls (advance and reduce) against the driver's
   * time, reported as solve; these families' blocks report no kernel times.
   */
  private Run trained(BenchCase c, Dataset data, int blocks, int slots, long start,
      TrafficWindow traffic) {
    int total = warmup + iterations + 1;
    int n = c.n();
    int d = c.d();
    int m = Math.toIntExact(c.m());
    TimedEngine engine = null;
    try {
      switch (c.net()) {
        case SOFTMAX2 -> {
          int k = BenchCase.SOFTMAX_K;
          SoftmaxSpec spec = new SoftmaxSpec(m, k, 1.0, 0L, false);
          engine = new TimedEngine(engines.create(new SoftmaxFamily(spec), blocks,
              new DenseInputs(data.x(), n, d)));
          engine.beforeAdvance(traffic.hook(warmup + 1, total));
          SoftmaxTrainConfig config = new SoftmaxTrainConfig(total, SOFTMAX_LR,
              SoftmaxTrainConfig.DEFAULT_LR_CONSTANT, OptimizerKind.GD, 0.0, 0);
          new SoftmaxTrainer(spec, config, data.x(), classes(n, k), n, d).run(engine, null,
              null, 0);
        }
        case SMOOTH2 -> {
          SmoothSettings settings = SmoothSettings.defaults().withWidth(m).withIterations(total)
              .withBlocks(blocks).withLearningRate(SMOOTH_LR).withLazy(false).withGramEvery(0)
              .withSeed(0L);
          SmoothSpec spec = settings.spec(d, BenchCase.SMOOTH_K);
          engine = new TimedEngine(engines.create(spec, blocks, new DenseInputs(data.x(), n,
              d)));
          engine.beforeAdvance(traffic.hook(warmup + 1, total));
          new SmoothTrainer(spec, settings, data.x(), data.y(), n).run(engine);
        }
        case DEEP_LAST -> {
          DeepSpec spec = DeepSpec.withAlpha(d, m, BenchCase.DEEP_DEPTH, c.deepAlpha(),
              0L);
          DeepInputs in = new DeepInputs(engines.frozen(spec, blocks,
              LayerPass.inputs(n, d, data.x())).v());
          engine = new TimedEngine(engines.create(new DeepFamily(spec), blocks, in));
          engine.beforeAdvance(traffic.hook(warmup + 1, total));
          DeepConfig config = new DeepConfig(total, GnMethod.EXACT, 0, GN_DAMPING, 0, false,
              1e-10, 500, 0L);
          DeepTrainer.train(engine, in, data.y(), config, r -> { });
        }
        default -> throw new IllegalStateException("not a driver-loop family: " + c.net());
      }
      return fromCalls(engine, total, slots, start).noting(engine.residentNote(warmup));
    } finally {
      if (engine != null) {
        engine.close();
      }
    }
  }

  /** One-hot labels of n points in k classes, drawn with seed 2: n x k column-major. */
  static double[] classes(int n, int k) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(2L);
    double[] y = new double[n * k];
    for (int i = 0; i < n; i++) {
      y[random.nextInt(k) * n + i] = 1.0;
    }
    return y;
  }

  /** The timed iterations of a driver loop from the engine calls it made. */
  private Run fromCalls(TimedEngine engine, int total, int slots, long start) {
    List<TimedEngine.Call> calls = engine.calls();
    long[] begins = new long[total + 1];
    java.util.Arrays.fill(begins, -1);
    for (TimedEngine.Call call : calls) {
      if (call.advance() && call.iteration() <= total && begins[call.iteration()] < 0) {
        begins[call.iteration()] = call.startNanos();
      }
    }
    List<Timing.Sample> samples = new ArrayList<>();
    for (int t = 1; t < total; t++) {
      if (begins[t] < 0 || begins[t + 1] < 0) {
        break;
      }
      double seconds = (begins[t + 1] - begins[t]) / 1e9;
      double engineSeconds = 0;
      for (TimedEngine.Call call : calls) {
        if (call.startNanos() >= begins[t] && call.startNanos() < begins[t + 1]) {
          engineSeconds += call.seconds();
        }
      }
      announce(t, seconds);
      if (t > warmup) {
        samples.add(Timing.split(seconds, engineSeconds, engine.pass(t).blocks(), slots));
      }
    }
    if (samples.isEmpty()) {
      throw new IllegalStateException("the driver loop stopped before a timed iteration");
    }
    double setup = begins[1] < 0 ? Double.NaN : (begins[1] - start) / 1e9;
    return new Run(setup, samples);
  }

  /** The case's data: n points on the unit sphere in R^d, random +-1 labels, seed 1. */
  public static Dataset data(BenchCase c) {
    return SyntheticSpec.parse(String.format(Locale.ROOT,
        "sphere:n=%d,d=%d,target=random,seed=1", c.n(), c.d())).generate();
  }

  /** A case's timed iterations; note: what the row's note should say about the engine. */
  private record Run(double setupSeconds, List<Timing.Sample> samples, String note) {
    Run(double setupSeconds, List<Timing.Sample> samples) {
      this(setupSeconds, samples, "");
    }

    Run noting(String more) {
      return new Run(setupSeconds, samples, joined(note, more));
    }

    static String joined(String a, String b) {
      return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
  }

  /**
   * The traffic totals at the start and the end of the timed iterations ({@link
   * BenchEngine#trafficSoFar}, taken outside the iterations' times).
   */
  private final class TrafficWindow {
    private TrafficMeter.Bytes start;
    private TrafficMeter.Bytes stop;

    void start() {
      start = engines.trafficSoFar();
    }

    void stop() {
      stop = engines.trafficSoFar();
    }

    /** Starts before pass {@code first}, stops before pass {@code last} (-1: never). */
    IntConsumer hook(int first, int last) {
      return t -> {
        if (t == first) {
          start();
        } else if (t == last) {
          stop();
        }
      };
    }

    /** Per timed iteration, or null when not measured. */
    TrafficMeter.Bytes perIteration(int iterations) {
      return start == null || stop == null || iterations < 1 ? null
          : stop.minus(start).per(iterations);
    }
  }

  /** @param span whether the steps ask for the span form (the case's {@code spanForm}) */
  private Run gradientDescent(TimedEngine engine, NetworkSpec spec, Dataset data, boolean span,
      int slots, long start, TrafficWindow traffic) {
    int n = data.n();
    double scale = spec.outputScale();
    double coef = scale / n
        * (spec.family() == ModelFamily.EXP2 ? EXP2_STEP_FACTOR : 1.0);
    BlockPartial sum = engine.advance(null, false, 0);
    Step step = new Step(residual(sum, scale, data.y()), coef, span);
    double setup = (System.nanoTime() - start) / 1e9;
    List<Timing.Sample> samples = new ArrayList<>();
    for (int t = 1; t <= warmup + iterations; t++) {
      if (t == warmup + 1) {
        traffic.start();
      }
      long begin = System.nanoTime();
      sum = engine.advance(step, false, t);
      step = new Step(residual(sum, scale, data.y()), coef, span);
      record(samples, t, (System.nanoTime() - begin) / 1e9, engine.pass(t), slots);
    }
    return new Run(setup, samples);
  }

  private Run gram(TimedEngine engine, Dataset data, int slots, long start,
      TrafficWindow traffic) {
    engine.advance(null, false, 0);
    double[] xxt = PackedSymmetric.gramOfRows(data.n(), data.d(), data.x());
    double setup = (System.nanoTime() - start) / 1e9;
    List<Timing.Sample> samples = new ArrayList<>();
    for (int t = 1; t <= warmup + iterations; t++) {
      if (t == warmup + 1) {
        traffic.start();
      }
      long begin = System.nanoTime();
      // Each pass carries its iteration as a request, which relu2 and exp2 ignore: a Spark
      // block asked for the very pass it ran last returns the share it kept (as a task retried
      // by Spark should), and this case times the Gram, not that.
      BlockPartial sum = (BlockPartial) engine.advance(null, Pass.of(true, null, t), t);
      PackedSymmetric.hadamard(sum.gram(), xxt, new double[xxt.length]);
      record(samples, t, (System.nanoTime() - begin) / 1e9, engine.pass(t), slots);
    }
    return new Run(setup, samples);
  }

  /** The real driver loop; iteration t's time runs from the report of t - 1 to that of t. */
  private Run gaussNewton(TimedEngine engine, NetworkSpec spec, Dataset data, int blocks,
      int slots, long start) {
    int total = warmup + iterations;
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GN, 1.0, GN_DAMPING, total, 1,
        blocks);
    long[] reported = new long[total + 1];
    TrainingListener listener = (IterationRecord r) -> {
      reported[r.iteration()] = System.nanoTime();
      if (r.iteration() > 0) {
        double seconds = (reported[r.iteration()] - reported[r.iteration() - 1]) / 1e9;
        announce(r.iteration(), seconds);
      }
    };
    new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, listener);
    List<Timing.Sample> samples = new ArrayList<>();
    for (int t = warmup + 1; t <= total; t++) {
      double seconds = (reported[t] - reported[t - 1]) / 1e9;
      TimedEngine.Timed pass = engine.pass(t);
      samples.add(Timing.split(seconds, pass.seconds(), pass.blocks(), slots));
    }
    return new Run((reported[0] - start) / 1e9, samples);
  }

  private void record(List<Timing.Sample> samples, int t, double seconds, TimedEngine.Timed pass,
      int slots) {
    announce(t, seconds);
    if (t > warmup) {
      samples.add(Timing.split(seconds, pass.seconds(), pass.blocks(), slots));
    }
  }

  private void announce(int t, double seconds) {
    if (seconds >= PROGRESS_SECONDS) {
      String what = t <= warmup ? String.format(Locale.ROOT, "warm-up %d/%d", t, warmup)
          : String.format(Locale.ROOT, "iteration %d/%d", t - warmup, iterations);
      progress.printf(Locale.ROOT, "bench:   %s: %.3f s%n", what, seconds);
    }
  }

  private static double[] residual(BlockPartial sum, double scale, double[] y) {
    double[] r = new double[y.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = scale * sum.u()[i] - y[i];
    }
    return r;
  }
}
