package org.widenet.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.widenet.math.Blas;

/**
 * The machine's own limit: the rate of bare dgemm and dsyrk calls through the BLAS instance the
 * kernels use ({@link Blas#blas()}), on the shapes the block step calls them with, run on as many
 * threads at once as the engine runs blocks at once. Each rate is the best of a few timed rounds
 * of back-to-back calls; results are cached per shape and thread count for the whole run.
 */
public final class BlasProbe {

  /** The three BLAS calls of the block step. */
  public enum Op {
    /** Z = X W: C (rows x cols) = A (rows x inner) B (inner x cols). */
    GEMM_NN,
    /** X^T G: C (rows x cols) = A^T B with A inner x rows, B inner x cols. */
    GEMM_TN,
    /** C C^T: upper triangle of an rows x rows result from rows x inner. */
    SYRK
  }

  /** A call's dimensions in BLAS terms (M = rows, N = cols, K = inner). */
  public record Shape(Op op, int rows, int cols, int inner) {
    static Shape gemm(Op op, int rows, int cols, int inner) {
      return new Shape(op, rows, cols, inner);
    }

    static Shape syrk(int n, int inner) {
      return new Shape(Op.SYRK, n, n, inner);
    }

    /** Flops of one call: 2 M N K for dgemm, N (N + 1) K for dsyrk. */
    public double flops() {
      return op == Op.SYRK ? (double) rows * (rows + 1) * inner
          : 2.0 * rows * cols * inner;
    }
  }

  /**
   * A call made over one iteration: its shape, and the flops all its calls add up to.
   */
  public record Call(Shape shape, double flops) {}

  private record Key(Shape shape, int threads) {}

  private final Map<Key, Double> rates = new HashMap<>();
  private final double roundSeconds;
  private final int rounds;

  /**
   * @param roundSeconds how long one timed round of calls lasts (at least one call)
   * @param rounds timed rounds per shape; the best is kept
   */
  public BlasProbe(double roundSeconds, int rounds) {
    this.roundSeconds = roundSeconds;
    this.rounds = Math.max(1, rounds);
  }

  /**
   * The reference rate for an iteration made of {@code calls}: their total flops over the time
   * the bare calls would take at their measured rates, in flop/s.
   */
  public double rate(List<Call> calls, int threads) {
    double flops = 0;
    double seconds = 0;
    for (Call call : calls) {
      flops += call.flops();
      seconds += call.flops() / rate(call.shape(), threads);
    }
    return flops / seconds;
  }

  /** The aggregate rate in flop/s of {@code threads} threads each calling {@code shape}. */
  public synchronized double rate(Shape shape, int threads) {
    Key key = new Key(shape, threads);
    Double cached = rates.get(key);
    if (cached == null) {
      cached = measure(shape, threads);
      rates.put(key, cached);
    }
    return cached;
  }

  private double measure(Shape shape, int threads) {
    Operands shared = new Operands(shape);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "widenet-blas-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      runRound(pool, shared, threads, roundSeconds / 2); // warm-up: JIT, BLAS buffers, caches
      double best = 0;
      for (int round = 0; round < rounds; round++) {
        best = Math.max(best, runRound(pool, shared, threads, roundSeconds));
      }
      return best;
    } finally {
      pool.shutdownNow();
    }
  }

  /** All threads call the kernel until {@code seconds} have passed; returns flop/s. */
  private static double runRound(ExecutorService pool, Operands shared, int threads,
      double seconds) {
    List<Callable<Long>> tasks = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    for (int t = 0; t < threads; t++) {
      double[] out = new double[shared.outLength];
      tasks.add(() -> {
        long calls = 0;
        do {
          shared.call(out);
          calls++;
        } while (System.nanoTime() < deadline);
        return calls;
      });
    }
    long calls = 0;
    try {
      for (Future<Long> f : pool.invokeAll(tasks)) {
        calls += f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("BLAS probe interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("BLAS probe failed: " + e.getCause(), e.getCause());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return calls * shared.shape.flops() / elapsed;
  }

  /** Random inputs of one shape, shared read-only by the threads; each has its own output. */
  private static final class Operands {
    final Shape shape;
    final double[] a;
    final double[] b;
    final int outLength;

    Operands(Shape shape) {
      this.shape = shape;
      SplittableRandom rng = new SplittableRandom(17);
      int m = shape.rows();
      int n = shape.cols();
      int k = shape.inner();
      switch (shape.op()) {
        case GEMM_NN -> {
          a = random(rng, (long) m * k);
          b = random(rng, (long) k * n);
        }
        case GEMM_TN -> {
          a = random(rng, (long) k * m);
          b = random(rng, (long) k * n);
        }
        default -> {
          a = random(rng, (long) m * k);
          b = null;
        }
      }
      outLength = Math.toIntExact((long) m * n);
    }

    void call(double[] out) {
      BLAS blas = Blas.blas();
      int m = shape.rows();
      int n = shape.cols();
      int k = shape.inner();
      switch (shape.op()) {
        case GEMM_NN -> blas.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 0.0, out, m);
        case GEMM_TN -> blas.dgemm("T", "N", m, n, k, 1.0, a, k, b, k, 0.0, out, m);
        default -> blas.dsyrk("U", "N", m, k, 1.0, a, m, 0.0, out, m);
      }
    }

    private static double[] random(SplittableRandom rng, long length) {
      double[] v = new double[Math.toIntExact(length)];
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextDouble() - 0.5;
      }
      return v;
    }
  }
}
