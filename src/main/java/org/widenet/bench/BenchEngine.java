package org.widenet.bench;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SparseColumns;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.NetworkSpec;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.SparkLayerJobs;
import org.widenet.spark.SparkSessions;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * Makes a fresh block engine for each case, and knows what the bench needs to know about it:
 * how many blocks run at once, whether their kernel times are visible in this JVM, how much
 * heap a case needs, and the executors' peak memory where they run elsewhere.
 */
public abstract class BenchEngine {
  private static final double GIB = 1024.0 * 1024 * 1024;

  /** A new engine over the given data; closed by the caller. */
  public abstract BlockEngine create(NetworkSpec spec, int blocks, double[] x, int n, int d);

  /** A new engine of any family over its inputs; closed by the caller. */
  public abstract BlockEngine create(Family family, int blocks, Inputs inputs);

  /**
   * deep-last's frozen layers on this engine's machinery (Spark jobs, or this JVM): V, the
   * last hidden layer's outputs, which the trained layer's blocks read.
   */
  public abstract LayerPass.Result frozen(DeepSpec spec, int blocks, SparseColumns x);

  /** The block count when none is asked for. */
  public abstract int defaultBlocks();

  /** How many blocks run at the same time. */
  public abstract int slots(int blocks);

  /** "spark local[*]" or "local": for the report. */
  public abstract String describe();

  /** Whether blocks run in this JVM, so their kernel times and heap are seen here. */
  public abstract boolean executorsInThisJvm();

  /**
   * Bytes of heap the neuron blocks need at once, headroom included: a pass keeps the old and
   * the new weights (2 x 8 d m), on Spark in its storage memory, which is a fraction of the heap.
   */
  protected abstract double blockHeapBytes(double weightBytes);

  /**
   * The bytes moved so far between driver and executors ({@link TrafficMeter}), once every
   * event Spark posted has been seen; null where nothing is measured (the local engine).
   */
  public TrafficMeter.Bytes trafficSoFar() {
    return null;
  }

  /** Forgets executor peaks seen so far. */
  public void resetExecutorPeaks() {}

  /** The executors' peak heap since the last reset, when they run in other JVMs and say. */
  public OptionalLong peakExecutorBytes() {
    return OptionalLong.empty();
  }

  /**
   * Why the case cannot run in this JVM's heap, or null when it fits (or the blocks run in
   * other JVMs, whose heap is not checked here).
   */
  public String tooBig(BenchCase c, int blocks, long maxHeap) {
    if (!executorsInThisJvm()) {
      return null;
    }
    double weights = c.weightBytes();
    int slots = slots(blocks);
    double work = 8.0 * c.n() * c.d() + (double) c.n() * c.m() / 8
        + slots * (16.0 * Math.max(1 << 15, 64.0 * c.n()) + 12.0 * c.n() * c.n())
        + (blocks + 3) * 4.0 * c.n() * c.n();
    double need = blockHeapBytes(weights) + 1.25 * work;
    if (need <= maxHeap) {
      return null;
    }
    return String.format(Locale.ROOT, "needs about %.1f GiB of heap (weights: %.1f GiB), "
        + "the JVM has %.1f GiB; run with WIDENET_JAVA_OPTS=-Xmx%dg", need / GIB, weights / GIB,
        maxHeap / GIB, (long) Math.ceil(need / GIB) + 1);
  }

  /** How long {@link #awaitExecutors} waits for a local-cluster's executors. */
  private static final long EXECUTOR_WAIT_MILLIS = 120_000;

  /**
   * On a {@code local-cluster[N,cores,memory]} master, waits until all N executors have
   * registered: a block is cached by the executor that first runs its task, so a case that
   * started with one executor up would keep every block there for good.
   */
  static void awaitExecutors(JavaSparkContext jsc) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "local-cluster\\[\\s*(\\d+)\\s*,.*").matcher(jsc.master());
    if (!m.matches()) {
      return;
    }
    int wanted = Integer.parseInt(m.group(1));
    long deadline = System.currentTimeMillis() + EXECUTOR_WAIT_MILLIS;
    // getExecutorInfos lists the driver too.
    while (jsc.sc().statusTracker().getExecutorInfos().length - 1 < wanted) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + (jsc.sc().statusTracker()
            .getExecutorInfos().length - 1) + " of the " + wanted + " executors of "
            + jsc.master() + " registered within " + EXECUTOR_WAIT_MILLIS / 1000 + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for executors", e);
      }
    }
  }

  /** Every block in this JVM, one thread per core (each block on one thread). */
  public static BenchEngine local() {
    int threads = Runtime.getRuntime().availableProcessors();
    return new BenchEngine() {
      @Override
      public BlockEngine create(NetworkSpec spec, int blocks, double[] x, int n, int d) {
        return LocalEngine.threaded(spec, blocks, x, n, d, threads);
      }

      @Override
      public BlockEngine create(Family family, int blocks, Inputs inputs) {
        return new LocalEngine(family, blocks, inputs, OrderedSum.DEFAULT_FAN_IN, threads);
      }

      @Override
      public LayerPass.Result frozen(DeepSpec spec, int blocks, SparseColumns x) {
        return DeepFamily.frozenLocally(spec, blocks, x);
      }

      @Override
      public int defaultBlocks() {
        return Runtime.getRuntime().availableProcessors();
      }

      @Override
      public int slots(int blocks) {
        return Math.max(1, Math.min(blocks, threads));
      }

      @Override
      public String describe() {
        return "local";
      }

      @Override
      public boolean executorsInThisJvm() {
        return true;
      }

      @Override
      protected double blockHeapBytes(double weightBytes) {
        // The local engine, the reference twin, copies each block as it steps.
        return 1.25 * 2 * weightBytes;
      }
    };
  }

  /** The Spark engine on a running context; one engine per case, the context shared. */
  public static BenchEngine spark(JavaSparkContext jsc) {
    return new SparkBench(jsc);
  }

  private static final class SparkBench extends BenchEngine {
    private final JavaSparkContext jsc;
    private final boolean local;
    private final AtomicLong executorPeak = new AtomicLong();
    private final TrafficMeter traffic;

    SparkBench(JavaSparkContext jsc) {
      this.jsc = jsc;
      this.traffic = TrafficMeter.attach(jsc.sc());
      awaitExecutors(jsc);
      this.local = jsc.master().startsWith("local[") || jsc.master().equals("local");
      if (!local) {
        jsc.sc().addSparkListener(new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            ExecutorMetrics m = end.taskExecutorMetrics();
            if (m != null) {
              executorPeak.accumulateAndGet(m.getMetricValue("JVMHeapMemory"), Math::max);
            }
          }
        });
      }
    }

    @Override
    public BlockEngine create(NetworkSpec spec, int blocks, double[] x, int n, int d) {
      return new SparkEngine(jsc, spec, blocks, x, n, d, SparkEngine.Options.defaults());
    }

    @Override
    public BlockEngine create(Family family, int blocks, Inputs inputs) {
      return new SparkEngine(jsc, family, blocks, inputs, SparkEngine.Options.defaults());
    }

    @Override
    public LayerPass.Result frozen(DeepSpec spec, int blocks, SparseColumns x) {
      return SparkLayerJobs.run(jsc, spec, blocks, x);
    }

    @Override
    public int defaultBlocks() {
      return jsc.defaultParallelism();
    }

    @Override
    public int slots(int blocks) {
      return Math.max(1, Math.min(blocks, jsc.defaultParallelism()));
    }

    @Override
    public String describe() {
      return "spark " + jsc.master()
          + (SparkSessions.residentTasksAsked(jsc) ? ", resident tasks" : "");
    }

    @Override
    public boolean executorsInThisJvm() {
      return local;
    }

    @Override
    protected double blockHeapBytes(double weightBytes) {
      // Cached blocks (one copy, updated in place) live in Spark's unified memory:
      // spark.memory.fraction of the heap above 300 MiB reserved, and must stay there.
      double fraction = jsc.getConf().getDouble("spark.memory.fraction", 0.6);
      return weightBytes / fraction + 300.0 * 1024 * 1024;
    }

    @Override
    public TrafficMeter.Bytes trafficSoFar() {
      TrafficMeter.drain(jsc.sc());
      return traffic.totals();
    }

    @Override
    public void resetExecutorPeaks() {
      executorPeak.set(0);
    }

    @Override
    public OptionalLong peakExecutorBytes() {
      long peak = executorPeak.get();
      return local || peak <= 0 ? OptionalLong.empty() : OptionalLong.of(peak);
    }
  }
}
