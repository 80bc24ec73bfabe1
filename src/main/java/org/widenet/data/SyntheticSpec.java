package org.widenet.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Parses and generates "sphere:n=200,d=10,target=random|linear|quadratic|cos[,seed=7]".
 *
 * <p>Keys may come in any order and are matched ignoring case, as are the kind and the target.
 * {@code n} (at least 1) and {@code d} (at least 2, since points lie on the unit sphere in
 * R^d) are required; {@code target} defaults to {@code random} and {@code seed} to 0.
 *
 * <p>Generation follows Arora et al. (2019), "Fine-Grained Analysis of Optimization and
 * Generalization for Overparameterized Two-Layer Neural Networks", Section 6. All randomness comes
 * from one {@link SplittableRandom} seeded with {@code seed}, drawn in this order:
 * <ol>
 *   <li>the points: for each row i = 0..n-1 in turn, d standard Gaussians, divided by their
 *       Euclidean norm, so x_i is uniform on the unit sphere;
 *   <li>the target's parameters, after all points:
 *       <ul>
 *         <li>{@code random}: n fair coin flips, y_i in {-1, +1};
 *         <li>{@code linear}: d Gaussians scaled to a unit vector beta; y_i = beta^T x_i;
 *         <li>{@code quadratic}: d*d Gaussians filling G row by row; A = (G + G^T)/2;
 *             y_i = x_i^T A x_i;
 *         <li>{@code cos}: d Gaussians scaled to a vector beta of norm {@link #COS_BETA_NORM};
 *             y_i = cos(beta^T x_i) - 1.
 *       </ul>
 * </ol>
 * Finally the targets are divided by max_i |y_i| (unless all are 0), so that maximum is exactly 1.
 * Gaussians come from Marsaglia's polar method on {@link SplittableRandom#nextDouble()}, one
 * value per call (the pair's second value is discarded), and {@link StrictMath} is used
 * throughout, so the same spec gives the same bytes on every JVM.
 */
public final class SyntheticSpec {
  /** Euclidean norm of beta for the {@code cos} target. */
  public static final double COS_BETA_NORM = 3.0;

  private static final String KIND = "sphere";
  private static final String[] TARGETS = {"random", "linear", "quadratic", "cos"};

  private final int n;
  private final int d;
  private final String target;
  private final long seed;

  private SyntheticSpec(int n, int d, String target, long seed) {
    this.n = n;
    this.d = d;
    this.target = target;
    this.seed = seed;
  }

  /**
   * Parses a spec string such as {@code sphere:n=200,d=10,target=linear,seed=7}.
   *
   * @param spec the spec
   * @return the parsed spec
   * @throws IllegalArgumentException with a one-line message for an unknown kind or key, a
   *     repeated key, a missing n or d, n &lt; 1, d &lt; 2, an unknown target or a value that is
   *     not an integer
   */
  public static SyntheticSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw bad(spec, "empty spec; expected " + KIND + ":n=...,d=...,target=...[,seed=...]");
    }
    int colon = spec.indexOf(':');
    String kind = (colon < 0 ? spec : spec.substring(0, colon)).trim();
    if (!kind.equalsIgnoreCase(KIND)) {
      throw bad(spec, "unknown kind \"" + kind + "\"; expected \"" + KIND + "\"");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    String body = colon < 0 ? "" : spec.substring(colon + 1);
    if (!body.isBlank()) {
      for (String part : body.split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw bad(spec, "expected key=value, found \"" + part.trim() + "\"");
        }
        String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = part.substring(eq + 1).trim();
        if (!key.equals("n") && !key.equals("d") && !key.equals("target")
            && !key.equals("seed")) {
          throw bad(spec, "unknown key \"" + key + "\"; expected n, d, target, seed");
        }
        if (kv.put(key, value) != null) {
          throw bad(spec, "key \"" + key + "\" given twice");
        }
      }
    }
    if (!kv.containsKey("n")) {
      throw bad(spec, "missing n (number of points)");
    }
    if (!kv.containsKey("d")) {
      throw bad(spec, "missing d (dimension)");
    }
    int n = (int) integer(spec, "n", kv.get("n"), Integer.MAX_VALUE);
    int d = (int) integer(spec, "d", kv.get("d"), Integer.MAX_VALUE);
    if (n < 1) {
      throw bad(spec, "n must be >= 1, got " + n);
    }
    if (d < 2) {
      throw bad(spec, "d must be >= 2 for points on the unit sphere, got " + d);
    }
    if ((long) n * d > DataLoader.MAX_ENTRIES) {
      throw bad(spec, "n*d = " + (long) n * d + " is too large for a dense in-memory matrix");
    }
    String target = kv.getOrDefault("target", "random").toLowerCase(Locale.ROOT);
    if (!Arrays.asList(TARGETS).contains(target)) {
      throw bad(spec, "unknown target \"" + kv.get("target")
          + "\"; expected random, linear, quadratic or cos");
    }
    long seed = kv.containsKey("seed")
        ? integer(spec, "seed", kv.get("seed"), Long.MAX_VALUE)
        : 0L;
    return new SyntheticSpec(n, d, target, seed);
  }

  /** @return the number of points */
  public int n() {
    return n;
  }

  /** @return the dimension of the points */
  public int d() {
    return d;
  }

  /** @return the target function: random, linear, quadratic or cos */
  public String target() {
    return target;
  }

  /** @return the random seed (0 unless given) */
  public long seed() {
    return seed;
  }

  /**
   * The canonical spec string, with every key: {@code sphere:n=N,d=D,target=T,seed=S}. Parsing
   * it gives an equal spec.
   *
   * @return the canonical spec
   */
  @Override
  public String toString() {
    return KIND + ":n=" + n + ",d=" + d + ",target=" + target + ",seed=" + seed;
  }

  /**
   * Generates the dataset, deterministically in (n, d, target, seed); see the class comment for
   * the order of random draws. The source of the dataset is {@link #toString()}.
   *
   * @return n points on the unit sphere in R^d with targets scaled to max |y| = 1
   */
  public Dataset generate() {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] g = new double[d];
    for (int i = 0; i < n; i++) {
      unitGaussian(rng, g);
      for (int j = 0; j < d; j++) {
        x[i + j * n] = g[j];
      }
    }
    double[] y = SyntheticTargets.compute(target, rng, n, d, x);
    return new Dataset(toString(), n, d, x, y);
  }

  /** Fills v with a Gaussian direction of unit norm, redrawing in the (measure zero) zero case. */
  static void unitGaussian(SplittableRandom rng, double[] v) {
    double norm;
    do {
      double s = 0.0;
      for (int j = 0; j < v.length; j++) {
        v[j] = gaussian(rng);
        s += v[j] * v[j];
      }
      norm = StrictMath.sqrt(s);
    } while (norm == 0.0);
    for (int j = 0; j < v.length; j++) {
      v[j] /= norm;
    }
  }

  /** One standard Gaussian by Marsaglia's polar method (second value of the pair discarded). */
  static double gaussian(SplittableRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2.0 * rng.nextDouble() - 1.0;
      v = 2.0 * rng.nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
  }

  private static long integer(String spec, String key, String value, long max) {
    if (!Fields.isInteger(value)) {
      throw bad(spec, key + " must be an integer, got \"" + value + "\"");
    }
    try {
      long v = Long.parseLong(value);
      if (v > max || v < -max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(spec, key + " is out of range: " + value);
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("bad synthetic spec \"" + spec + "\": " + why);
  }
}
