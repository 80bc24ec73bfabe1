package org.widenet.math;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.widenet.model.BlockStepper;

/**
 * The block kernels on one chunk of neurons, at the chunk width the block step uses for n rows
 * ({@link BlockStepper#chunkWidth}), next to the bare BLAS calls inside them. Flops per call,
 * with c the chunk width: preActivations and bareDgemm 2ndc, applyStep 2ndc, forward and the
 * elementwise part of the others O(nc), accumulateGram and bareDsyrk n(n+1)c, gdChunk (what a
 * GD step does per chunk today: Z, step, Z again, outputs) 6ndc.
 *
 * <p>Run with {@code scripts/jmh} (or {@code scripts/jmh BlockKernelsBenchmark.forward} for one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class BlockKernelsBenchmark {

  /** n x d of the data: the standard shapes of widenet bench. */
  @Param({"100x10", "1000x784", "2000x784"})
  public String shape;

  private int n;
  private int d;
  private int c;
  private double[] x;
  private double[] w;
  private double[] z;
  private double[] a;
  private double[] s;
  private double[] u;
  private double[] work;
  private double[] gramWork;

  @Setup
  public void setup() {
    String[] parts = shape.split("x");
    n = Integer.parseInt(parts[0]);
    d = Integer.parseInt(parts[1]);
    c = BlockStepper.chunkWidth(n, Integer.MAX_VALUE);
    SplittableRandom rng = new SplittableRandom(5);
    x = random(rng, n * d, 1.0 / Math.sqrt(d));
    w = random(rng, d * c, 1.0);
    a = random(rng, c, 1.0);
    s = random(rng, n, 1.0);
    z = new double[n * c];
    u = new double[n];
    work = new double[n * c];
    gramWork = new double[n * n];
    BlockKernels.preActivations(n, d, c, x, w, z);
  }

  @Benchmark
  public double[] preActivations() {
    BlockKernels.preActivations(n, d, c, x, w, z);
    return z;
  }

  @Benchmark
  public double[] forward() {
    BlockKernels.forward(Activation.RELU, n, c, z, a, u);
    return u;
  }

  /** A tiny step, so the weights stay put across invocations. */
  @Benchmark
  public double[] applyStep() {
    BlockKernels.applyStep(Activation.RELU, n, d, c, x, z, a, s, 1e-300, w, work);
    return w;
  }

  @Benchmark
  public double[] accumulateGram() {
    BlockKernels.accumulateGramFull(Activation.RELU, n, c, z, a, 1.0, gramWork, work);
    return gramWork;
  }

  @Benchmark
  public void gdChunk(Blackhole hole) {
    BlockKernels.preActivations(n, d, c, x, w, z);
    BlockKernels.applyStep(Activation.RELU, n, d, c, x, z, a, s, 1e-300, w, work);
    BlockKernels.preActivations(n, d, c, x, w, z);
    BlockKernels.forward(Activation.RELU, n, c, z, a, u);
    hole.consume(u);
  }

  @Benchmark
  public double[] bareDgemm() {
    Blas.blas().dgemm("N", "N", n, c, d, 1.0, x, n, w, d, 0.0, z, n);
    return z;
  }

  @Benchmark
  public double[] bareDsyrk() {
    Blas.blas().dsyrk("U", "N", n, c, 1.0, work, n, 0.0, gramWork, n);
    return gramWork;
  }

  /** Uniform in [-scale, scale): the values do not change the kernels' speed. */
  private static double[] random(SplittableRandom rng, int length, double scale) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = scale * (2 * rng.nextDouble() - 1);
    }
    return v;
  }
}
