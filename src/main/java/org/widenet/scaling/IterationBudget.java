package org.widenet.scaling;

import org.widenet.data.Dataset;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.Spectrum;

/**
 * The per-n iteration budget of a scaling study (--budget-factor F): T(n) = ceil(F t_inf(n)),
 * capped at --max-iterations, where t_inf(n) is the number of gradient-descent iterations the
 * infinite-width (kernel) dynamics needs to reach the target on the study's data set of n
 * points at the step rule the runs use.
 *
 * <p>With H the family's analytic infinite-width Gram on the n points (relu2: H-infinity of
 * Arora et al. eq. (3); exp2: H^cts of Gao et al. Lemma 6.3 with sigma = --init-scale), the
 * step eta = 1 / lambda_max(H) (the runs' automatic step, 1 / lambda_max(J J^T(0)), in the
 * limit; the scale of H does not matter since only eta lambda_i enters) and c the coefficients
 * of y in H's eigenbasis, the kernel dynamics from u(0) = 0 have residual (I - eta H)^t y, so
 * loss(t) / loss(0) = sum_i (1 - eta lambda_i)^(2t) c_i^2 / sum_i c_i^2. t_inf is the first t
 * with that ratio &lt;= EPS. A finite network starts from u(0) != 0 and has its own J J^T(0),
 * so t_inf is a yardstick of how hard the data set is at this n, not a prediction of a run;
 * F is the slack a finite width gets over it.
 *
 * <p>Computed once per (n, data seed) by {@link StudyData#budget}; deterministic.
 */
public final class IterationBudget {
  /** Above this t_inf is taken as unreachable (a null direction of H carries part of y). */
  static final long NEVER = 1L << 40;

  /**
   * The budget of one data set.
   *
   * @param kernelIterations t_inf, or -1 for the fixed budget (no kernel computed), or
   *     {@link Long#MAX_VALUE} when the kernel dynamics never reach the target
   * @param iterations T, the budget the runs get
   * @param capped whether T is the cap --max-iterations instead of ceil(F t_inf)
   */
  public record Budget(long kernelIterations, int iterations, boolean capped) {}

  private IterationBudget() {}

  /** Whether widenet has the family's infinite-width kernel (relu2, exp2). */
  public static boolean supports(String model) {
    return model.equals("relu2") || model.equals("exp2");
  }

  /**
   * T for the data set {@code ds} under {@code s}: the fixed --max-iterations unless
   * {@link ScalingSettings#scaledBudget}.
   *
   * @throws IllegalArgumentException when the kernel cannot be formed (relu2 on rows that are
   *     not unit vectors: the message says to use --normalize)
   */
  public static Budget of(ScalingSettings s, Dataset ds) {
    if (!s.scaledBudget()) {
      return new Budget(-1, s.maxIterations(), false);
    }
    double[] h = kernel(s, ds);
    Spectrum spectrum = Spectrum.of(ds.n(), h);
    long tinf = kernelIterations(spectrum.eigenvalues(), spectrum.projections(ds.y()),
        s.targetLoss());
    double want = Math.ceil(s.budgetFactor() * tinf);
    if (tinf == Long.MAX_VALUE || want > s.maxIterations()) {
      return new Budget(tinf, s.maxIterations(), true);
    }
    return new Budget(tinf, (int) Math.max(1, want), false);
  }

  /** The family's analytic infinite-width Gram on the rows of {@code ds}, packed. */
  static double[] kernel(ScalingSettings s, Dataset ds) {
    switch (s.model()) {
      case "relu2":
        return AnalyticKernels.reluInfinity(ds.n(), ds.d(), ds.x());
      case "exp2":
        return AnalyticKernels.expInfinity(ds.n(), ds.d(), ds.x(), s.initScale());
      default:
        throw new IllegalArgumentException("--budget-factor: no infinite-width kernel for "
            + s.model());
    }
  }

  /**
   * t_inf: the first t &gt;= 0 with sum_i q_i^(2t) p_i &lt;= eps sum_i p_i, where q_i = 1 -
   * lambda_i / lambda_max (clamped to [0, 1]) and p_i the squared coefficients of y; the sum is
   * non-increasing in t, so it is found by doubling and bisection.
   *
   * @param eigenvalues the eigenvalues of H, any order
   * @param squares p_i, the squared coefficients of y on the matching eigenvectors
   * @param eps the target fraction, in (0, 1)
   * @return t_inf, or {@link Long#MAX_VALUE} when the sum never falls to the target (part of
   *     y lies on eigenvalues that are zero to rounding)
   */
  public static long kernelIterations(double[] eigenvalues, double[] squares, double eps) {
    int n = eigenvalues.length;
    double max = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, eigenvalues[i]);
      total += squares[i];
    }
    if (!(total > 0)) {
      return 0;
    }
    if (!(max > 0)) {
      return Long.MAX_VALUE;
    }
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = Math.min(1.0, Math.max(0.0, 1.0 - eigenvalues[i] / max));
    }
    double target = eps * total;
    if (ratio(q, squares, 0) <= target) {
      return 0;
    }
    long hi = 1;
    while (ratio(q, squares, hi) > target) {
      if (hi >= NEVER) {
        return Long.MAX_VALUE;
      }
      hi *= 2;
    }
    long lo = hi / 2;
    // loss(lo) > target (or lo = 0), loss(hi) <= target.
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (ratio(q, squares, mid) <= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** sum_i q_i^(2t) p_i. */
  private static double ratio(double[] q, double[] p, long t) {
    double sum = 0;
    for (int i = 0; i < q.length; i++) {
      sum += p[i] * (t == 0 ? 1.0 : Math.pow(q[i], 2.0 * t));
    }
    return sum;
  }
}
