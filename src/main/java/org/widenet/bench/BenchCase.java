package org.widenet.bench;

import java.util.List;
import java.util.Locale;

/**
 * One benchmark entry: what an iteration does ({@link Kind}) on which shape. Inputs are n points
 * on the unit sphere in R^d with random +-1 labels; the network is relu2 of width m.
 *
 * @param name the entry's name in the report ({@code relu2-gd}, {@code relu2-gram}, ...); several
 *     shapes may share a name, and {@code --only} selects by name
 * @param optional true when the entry may be skipped for lack of heap without failing the suite
 *     (the skip and its reason are still reported)
 */
public record BenchCase(String name, Kind kind, int n, int d, long m, boolean optional) {

  /** What one timed iteration runs. */
  public enum Kind {
    /**
     * A gradient-descent step without the Gram: apply the pending step, forward pass at the new
     * weights, residual on the driver.
     */
    GD,
    /**
     * The Gram at fixed weights: a forward pass with the Gram share, then H = K o (X X^T) on
     * the driver. No step, so the weights do not change between iterations.
     */
    GRAM,
    /**
     * A Gauss-Newton iteration end to end, through the real driver loop: step, forward, Gram,
     * then on the driver H, its eigenvalues and the Cholesky solve for the next step.
     */
    GN
  }

  public BenchCase {
    if (name == null || name.isBlank() || kind == null) {
      throw new IllegalArgumentException("a bench case needs a name and a kind");
    }
    if (n < 1 || d < 1 || m < 1) {
      throw new IllegalArgumentException("bench case " + name + ": n, d and m must be >= 1");
    }
  }

  /** A case that must run. */
  public static BenchCase of(String name, Kind kind, int n, int d, long m) {
    return new BenchCase(name, kind, n, d, m, false);
  }

  /**
   * The block count to run with when none is asked for: the default (one per task slot),
   * raised to a multiple of it where needed to keep each block's weights within 1 GiB, since
   * Spark can neither spill nor move a cached block of 2 GiB or more. Never more than m.
   */
  public int blocks(int defaultBlocks) {
    long perBlock = 1L << 30;
    long needed = (long) Math.ceil(8.0 * (d + 1) * m / perBlock);
    long blocks = defaultBlocks;
    if (needed > defaultBlocks) {
      blocks = (needed + defaultBlocks - 1) / defaultBlocks * defaultBlocks;
    }
    return (int) Math.min(m, blocks);
  }

  /** This case, marked as skippable when the heap is too small. */
  public BenchCase skippable() {
    return new BenchCase(name, kind, n, d, m, true);
  }

  /** "relu2-gd (1000, 784, 10000)": for progress lines and messages. */
  public String label() {
    return String.format(Locale.ROOT, "%s (n=%d, d=%d, m=%d)", name, n, d, m);
  }

  /**
   * Floating-point operations of one iteration as the block step performs them today, executor
   * side only (driver linear algebra and O(n m) elementwise work are not counted):
   * <ul>
   *   <li>GD: the gradient product X^T G (2ndm; phi'(Z) comes from the ReLU mask the
   *       previous forward pass kept) and Z at the new weights (2ndm): 4ndm (every case is
   *       relu2; exp2 recomputes Z and costs 6ndm);
   *   <li>GRAM: Z (2ndm) and the upper triangle of C C^T by dsyrk (n(n+1)m);
   *   <li>GN: both, 4ndm + n(n+1)m.
   * </ul>
   */
  public double flops() {
    return switch (kind) {
      case GD -> 4.0 * n * d * m;
      case GRAM -> 2.0 * n * d * m + gramFlops();
      case GN -> 4.0 * n * d * m + gramFlops();
    };
  }

  /**
   * The performance model's count (ARCHITECTURE.md): a GD step is forward plus gradient, 4ndm;
   * a Gram adds n^2 m; a forward pass alone is 2ndm. The ratio flops / model_flops is what
   * recomputation costs.
   */
  public double modelFlops() {
    double nm2 = (double) n * n * m;
    return switch (kind) {
      case GD -> 4.0 * n * d * m;
      case GRAM -> 2.0 * n * d * m + nm2;
      case GN -> 4.0 * n * d * m + nm2;
    };
  }

  /** The dsyrk count of the Gram share: n(n+1)/2 entries, m multiply-adds each. */
  private double gramFlops() {
    return (double) n * (n + 1) * m;
  }

  /**
   * The BLAS calls one iteration makes, with the shape of one full chunk of {@code chunk}
   * neurons and the flops they add up to over all m neurons.
   */
  public List<BlasProbe.Call> blasCalls(int chunk) {
    BlasProbe.Shape forward = BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, n, chunk, d);
    BlasProbe.Shape gradient = BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_TN, d, chunk, n);
    BlasProbe.Shape syrk = BlasProbe.Shape.syrk(n, chunk);
    double product = 2.0 * n * d * m;
    return switch (kind) {
      case GD -> List.of(new BlasProbe.Call(forward, product),
          new BlasProbe.Call(gradient, product));
      case GRAM -> List.of(new BlasProbe.Call(forward, product),
          new BlasProbe.Call(syrk, gramFlops()));
      case GN -> List.of(new BlasProbe.Call(forward, product),
          new BlasProbe.Call(gradient, product), new BlasProbe.Call(syrk, gramFlops()));
    };
  }

  /**
   * Bytes one iteration of widenet's Spark engine moves between driver and executors by
   * construction, task closures aside: each of the {@code blocks} tasks receives the step vector
   * (n doubles, GD and GN) and returns its outputs (n doubles) and, with the Gram, its packed
   * n(n+1)/2 share. Independent of m: the weights never leave their executors.
   */
  public long shippedBytes(int blocks) {
    long step = kind == Kind.GRAM ? 0 : 8L * n;
    long gram = kind == Kind.GD ? 0 : 4L * n * (n + 1);
    return blocks * (step + 8L * n + gram);
  }

  /** The reference kernels' names for the report: "dgemm" or "dgemm+dsyrk". */
  public String blasKernel() {
    return kind == Kind.GD ? "dgemm" : "dgemm+dsyrk";
  }
}
