package org.widenet.bench;

import java.util.List;
import java.util.Locale;
import org.widenet.smooth.SmoothStepper;
import org.widenet.softmax.BlockSteps;
import org.widenet.train.StepForm;

/**
 * One benchmark entry: what an iteration does ({@link Kind}) on which shape, for which model
 * family ({@link Net}). Inputs are n points on the unit sphere in R^d with random targets; the
 * network has width m.
 *
 * @param name the entry's name in the report ({@code relu2-gd}, {@code relu2-gram}, ...); several
 *     shapes may share a name, and {@code --only} selects by name
 * @param optional true when the entry may be skipped for lack of heap without failing the suite
 *     (the skip and its reason are still reported)
 * @param net the model family the case trains
 * @param deepAlpha deep-last's sparsity exponent alpha (threshold b = sqrt(2 alpha log m));
 *     {@link #DEEP_ALPHA} unless a case asks for another ({@link #withDeepAlpha}); unused by
 *     the other families
 */
public record BenchCase(String name, Kind kind, int n, int d, long m, boolean optional,
    Net net, double deepAlpha) {

  /** Outputs k of the softmax2 cases (MNIST's ten classes). */
  public static final int SOFTMAX_K = 10;
  /** Outputs k of the smooth2 cases (scalar regression). */
  public static final int SMOOTH_K = 1;
  /** Layers L of the deep-last cases: W_1 (m x d) frozen, W_2 (m x m) trained. */
  public static final int DEEP_DEPTH = 2;
  /** Sparsity exponent alpha of the deep-last cases (the deep command's default). */
  public static final double DEEP_ALPHA = 0.1;
  /**
   * alpha of the deep-last memory row: the paper's own choice for its fast algorithm (Remark
   * C.3, alpha ~ 0.32; docs/models/deep-last.md), where V, an input every block reads, is
   * sparse enough (m^(1-alpha) of m rows active per point) that the weights dominate the heap.
   */
  public static final double DEEP_MEMORY_ALPHA = 0.32;

  /** The name of the per-iteration overhead case (issue 17: its median at most 25 ms). */
  public static final String TINY = "tiny";
  /** Untimed iterations before the timed ones, unless --warmup says otherwise. */
  public static final int DEFAULT_WARMUP = 2;
  /**
   * The tiny case's warm-up: its iterations take milliseconds, so after 2 of them the driver
   * loop still runs in the interpreter or C1 and the median measures the JIT, not the
   * per-iteration overhead (26 ms after 2, 21 ms after 100 on the quiet machine).
   */
  public static final int TINY_WARMUP = 100;

  /** A case with deep-last's default alpha ({@link #DEEP_ALPHA}). */
  public BenchCase(String name, Kind kind, int n, int d, long m, boolean optional, Net net) {
    this(name, kind, n, d, m, optional, net, DEEP_ALPHA);
  }

  /**
   * The model family a case trains, each on the one generic engine, driven as its own train
   * command drives it.
   */
  public enum Net {
    /** relu2 ({@code train.Trainer} for GN, the block step directly for GD and the Gram). */
    RELU2("relu2"),
    /** exp2, like relu2. */
    EXP2("exp2"),
    /** softmax2 with k = {@link #SOFTMAX_K} outputs, through {@code softmax.SoftmaxTrainer}. */
    SOFTMAX2("softmax2"),
    /** smooth2 (GeLU) with k = {@link #SMOOTH_K}, through {@code smooth.SmoothTrainer}. */
    SMOOTH2("smooth2"),
    /** deep-last of depth {@link #DEEP_DEPTH}, exact Gauss-Newton through deep.DeepTrainer. */
    DEEP_LAST("deep-last");

    private final String cliName;

    Net(String cliName) {
      this.cliName = cliName;
    }

    /** "relu2", ..., "deep-last": the family column and the case names' prefix. */
    public String cliName() {
      return cliName;
    }
  }

  /** A relu2 case. */
  public BenchCase(String name, Kind kind, int n, int d, long m, boolean optional) {
    this(name, kind, n, d, m, optional, Net.RELU2);
  }

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
    if (net == null) {
      throw new IllegalArgumentException("bench case " + name + ": no model family");
    }
    if (!(deepAlpha >= 0 && deepAlpha < 1)) {
      throw new IllegalArgumentException("bench case " + name + ": alpha must be in [0, 1), "
          + "got " + deepAlpha);
    }
    boolean supported = switch (net) {
      case RELU2 -> true;
      case EXP2, SOFTMAX2, SMOOTH2 -> kind == Kind.GD;
      case DEEP_LAST -> kind == Kind.GN;
    };
    if (!supported) {
      throw new IllegalArgumentException("bench case " + name + ": " + net.cliName() + " has no "
          + kind.name().toLowerCase(java.util.Locale.ROOT) + " case");
    }
  }

  /**
   * A case of another family, named "&lt;family&gt;-&lt;kind&gt;" ({@code softmax2-gd},
   * {@code deep-last-gn}, ...).
   */
  public static BenchCase of(Net net, Kind kind, int n, int d, long m) {
    return new BenchCase(net.cliName() + "-" + kind.name().toLowerCase(java.util.Locale.ROOT),
        kind, n, d, m, false, net);
  }

  /**
   * Bytes of the trained state the engine keeps cached between iterations (the weights), for
   * the peak-heap-over-weights ratio:
   * <ul>
   *   <li>relu2, exp2: W (d x m) and a (m): 8 (d + 1) m;
   *   <li>softmax2: W (d x m) and the signs A (k x m): 8 (d + k) m;
   *   <li>smooth2: W (d x m) and V (k x m): 8 (d + k) m;
   *   <li>deep-last: W_L (m x m) is never formed; each row keeps its sign a, W_L(0) V (n), the
   *       coefficients C (n) and the last pass's u (n): 8 m (3n + 1).
   * </ul>
   */
  public long weightBytes() {
    return switch (net) {
      case RELU2, EXP2 -> 8L * (d + 1) * m;
      case SOFTMAX2 -> 8L * (d + SOFTMAX_K) * m;
      case SMOOTH2 -> 8L * (d + SMOOTH_K) * m;
      case DEEP_LAST -> 8L * m * (3L * n + 1);
    };
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
    long needed = (long) Math.ceil((double) weightBytes() / perBlock);
    long blocks = defaultBlocks;
    if (needed > defaultBlocks) {
      blocks = (needed + defaultBlocks - 1) / defaultBlocks * defaultBlocks;
    }
    return (int) Math.min(m, blocks);
  }

  /**
   * The untimed iterations this case runs: {@code asked} (--warmup) when it is >= 0, else the
   * case's own ({@link #TINY_WARMUP} for tiny, {@link #DEFAULT_WARMUP} for the others).
   */
  public int warmup(int asked) {
    if (asked >= 0) {
      return asked;
    }
    return name.equals(TINY) ? TINY_WARMUP : DEFAULT_WARMUP;
  }

  /** This case, marked as skippable when the heap is too small. */
  public BenchCase skippable() {
    return new BenchCase(name, kind, n, d, m, true, net, deepAlpha);
  }

  /** This case with deep-last's sparsity exponent alpha. */
  public BenchCase withDeepAlpha(double alpha) {
    return new BenchCase(name, kind, n, d, m, optional, net, alpha);
  }

  /** "relu2-gd (n=1000, d=784, m=10000)": for progress lines and messages. */
  public String label() {
    String alpha = net == Net.DEEP_LAST && deepAlpha != DEEP_ALPHA
        ? String.format(Locale.ROOT, ", alpha=%s", deepAlpha) : "";
    return String.format(Locale.ROOT, "%s (n=%d, d=%d, m=%d%s)", name, n, d, m, alpha);
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
   * The other families count their dgemm-shaped products the same way (O(nmk) elementwise work
   * and driver linear algebra not counted):
   * <ul>
   *   <li>exp2 GD: Z at the old weights again for exp(Z) (2ndm), the gradient (2ndm) and Z at
   *       the new weights (2ndm): 6ndm;
   *   <li>softmax2 GD: the gradient X^T G (2ndm) and the scores' Z = X W (2ndm): 4ndm, plus
   *       Z at the old weights again (2ndm) where a block does not keep its scores
   *       ({@link BlockSteps#keepScores}: n &gt; d/16, as at both bench shapes): 6ndm;
   *   <li>smooth2 GD (both layers trained, k outputs): the step's R V (2nkm), R^T P for V
   *       (2nkm) and X^T B for W (2ndm), then the forward pass' Z = X W (2ndm) and P V^T
   *       (2nkm): 4ndm + 6nkm, plus Z again for the step (2ndm) where a block does not keep
   *       it ({@link SmoothStepper#keepPreactivations}: n &gt; d/16): 6ndm + 6nkm;
   *   <li>deep-last GN (exact): the forward pass' C (V^T V) (2 m n^2) and the Gram share
   *       U U^T by dsyrk (n(n+1)m): 2mn^2 + n(n+1)m.
   * </ul>
   */
  public double flops() {
    switch (net) {
      case EXP2:
        return 6.0 * n * d * m;
      case SOFTMAX2:
        return (BlockSteps.keepScores(n, d) ? 4.0 : 6.0) * n * d * m;
      case SMOOTH2:
        return (SmoothStepper.keepPreactivations(n, d) ? 4.0 : 6.0) * n * d * m
            + 6.0 * n * SMOOTH_K * m;
      case DEEP_LAST:
        return 2.0 * n * n * m + gramFlops();
      default:
        break;
    }
    if (spanForm()) {
      return 2.0 * n * n * m + (kind == Kind.GN ? gramFlops() : 0);
    }
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
    if (net != Net.RELU2) {
      return flops();
    }
    double nm2 = (double) n * n * m;
    return switch (kind) {
      case GD -> 4.0 * n * d * m;
      case GRAM -> 2.0 * n * d * m + nm2;
      case GN -> 4.0 * n * d * m + nm2;
    };
  }

  /**
   * Whether the case's relu2 blocks step in the span form, as {@code --step-form auto} chooses
   * ({@link StepForm#pays}): one product Z = Z(0) - (X X^T) A of 2 n^2 m flops per step in
   * place of 4 n d m. The Gram case takes no step, so it stays in the weights form; a peer
   * (NumPy, MLlib) steps its weights.
   */
  public boolean spanForm() {
    return net == Net.RELU2 && kind != Kind.GRAM && !name.startsWith("peer-")
        && StepForm.pays(n, d, m);
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
    switch (net) {
      case EXP2:
        return List.of(new BlasProbe.Call(forward, 2 * product),
            new BlasProbe.Call(gradient, product));
      case SOFTMAX2:
        return List.of(new BlasProbe.Call(forward,
            BlockSteps.keepScores(n, d) ? product : 2 * product),
            new BlasProbe.Call(gradient, product));
      case SMOOTH2:
        // The k-wide products: R V and P V^T as (n x k) (k x chunk) products, R^T P as TN.
        double thin = 2.0 * n * SMOOTH_K * m;
        return List.of(new BlasProbe.Call(forward,
            SmoothStepper.keepPreactivations(n, d) ? product : 2 * product),
            new BlasProbe.Call(gradient, product),
            new BlasProbe.Call(BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, n, chunk, SMOOTH_K),
                2 * thin),
            new BlasProbe.Call(BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_TN, SMOOTH_K, chunk, n),
                thin));
      case DEEP_LAST:
        return List.of(
            new BlasProbe.Call(BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, chunk, n, n),
                2.0 * n * n * m),
            new BlasProbe.Call(BlasProbe.Shape.syrk(n, chunk), gramFlops()));
      default:
        break;
    }
    if (spanForm()) {
      BlasProbe.Call span = new BlasProbe.Call(BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, n,
          chunk, n), 2.0 * n * n * m);
      return kind == Kind.GN ? List.of(span, new BlasProbe.Call(syrk, gramFlops()))
          : List.of(span);
    }
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
   * n(n+1)/2 share. Independent of m: the weights never leave their executors. -1 (not
   * counted) for softmax2, smooth2 and deep-last.
   */
  public long shippedBytes(int blocks) {
    if (net != Net.RELU2 && net != Net.EXP2) {
      return -1;
    }
    long step = kind == Kind.GRAM ? 0 : 8L * n;
    long gram = kind == Kind.GD ? 0 : 4L * n * (n + 1);
    return blocks * (step + 8L * n + gram);
  }

  /** The reference kernels' names for the report: "dgemm" or "dgemm+dsyrk". */
  public String blasKernel() {
    if (net == Net.DEEP_LAST) {
      return "dgemm+dsyrk";
    }
    return kind == Kind.GD ? "dgemm" : "dgemm+dsyrk";
  }
}
