package org.widenet.bench;

/**
 * What one case measured, or why it did not run.
 *
 * @param status "ok", "skipped: why" or "failed: why"
 * @param engine the engine, e.g. "spark local[*]" or "local"
 * @param blocks neuron blocks
 * @param threads blocks that run at once (and threads of the BLAS probe)
 * @param timing the timed iterations, null unless status is ok
 * @param setupSeconds building the engine and its first (untimed) pass
 * @param blasRate the reference rate in flop/s of the bare BLAS calls of one iteration, NaN
 *     when not measured
 * @param peakDriverBytes the driver's peak heap over the case, -1 when not measured
 * @param peakExecutorBytes the executors' peak heap, -1 when not known (and for executors that
 *     run in the driver JVM, which peakDriverBytes covers)
 * @param note anything the numbers need to be read with, or ""
 * @param shippedBytes bytes one iteration moves between driver and executors by construction
 *     (broadcast plus task results, task closures not counted), -1 when not known or when
 *     nothing is shipped (a single process)
 * @param peakLiveBytes the driver's largest heap use after a garbage collection over the case
 *     ({@link PeakMemory#peakLiveBytes}), -1 when not measured
 * @param traffic bytes moved per timed iteration as Spark's own metrics saw them
 *     ({@link TrafficMeter}), null when not measured (no Spark, or a peer in one process)
 */
public record BenchResult(BenchCase bench, String status, String engine, int blocks,
    int threads, int warmup, Timing.Summary timing, double setupSeconds, double blasRate,
    long peakDriverBytes, long peakExecutorBytes, String note, long shippedBytes,
    long peakLiveBytes, TrafficMeter.Bytes traffic) {

  /** A result without measured traffic. */
  public BenchResult(BenchCase bench, String status, String engine, int blocks, int threads,
      int warmup, Timing.Summary timing, double setupSeconds, double blasRate,
      long peakDriverBytes, long peakExecutorBytes, String note, long shippedBytes,
      long peakLiveBytes) {
    this(bench, status, engine, blocks, threads, warmup, timing, setupSeconds, blasRate,
        peakDriverBytes, peakExecutorBytes, note, shippedBytes, peakLiveBytes, null);
  }

  /** This result with the traffic per iteration measured over its timed iterations. */
  public BenchResult withTraffic(TrafficMeter.Bytes perIteration) {
    return new BenchResult(bench, status, engine, blocks, threads, warmup, timing, setupSeconds,
        blasRate, peakDriverBytes, peakExecutorBytes, note, shippedBytes, peakLiveBytes,
        perIteration);
  }

  /** A result without a live-heap peak. */
  public BenchResult(BenchCase bench, String status, String engine, int blocks, int threads,
      int warmup, Timing.Summary timing, double setupSeconds, double blasRate,
      long peakDriverBytes, long peakExecutorBytes, String note, long shippedBytes) {
    this(bench, status, engine, blocks, threads, warmup, timing, setupSeconds, blasRate,
        peakDriverBytes, peakExecutorBytes, note, shippedBytes, -1);
  }

  /** A result without a shipped byte count. */
  public BenchResult(BenchCase bench, String status, String engine, int blocks, int threads,
      int warmup, Timing.Summary timing, double setupSeconds, double blasRate,
      long peakDriverBytes, long peakExecutorBytes, String note) {
    this(bench, status, engine, blocks, threads, warmup, timing, setupSeconds, blasRate,
        peakDriverBytes, peakExecutorBytes, note, -1);
  }

  /** A case that did not run. */
  public static BenchResult notRun(BenchCase c, String status, String engine, int blocks,
      int threads, int warmup, String note) {
    return new BenchResult(c, status, engine, blocks, threads, warmup, null, Double.NaN,
        Double.NaN, -1, -1, note);
  }

  public boolean ok() {
    return timing != null;
  }

  /** Measured flop rate of the median iteration in GFLOP/s, counting the flops performed. */
  public double gflops() {
    return ok() ? bench.flops() / timing.median() / 1e9 : Double.NaN;
  }

  /** The same, counting only the performance model's flops. */
  public double modelGflops() {
    return ok() ? bench.modelFlops() / timing.median() / 1e9 : Double.NaN;
  }

  public double blasGflops() {
    return blasRate / 1e9;
  }

  /** gflops over blas_gflops: the fraction of the machine's BLAS rate the step reaches. */
  public double blasRatio() {
    return gflops() / blasGflops();
  }
}
