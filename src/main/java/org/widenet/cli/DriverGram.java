package org.widenet.cli;

import java.util.Locale;
import org.widenet.train.OrderedSum;

/**
 * Whether the driver can hold the exact Gram path of {@code widenet train}, checked before
 * Spark starts. An exact run forms the n x n Gram H = J J^T on the driver at iterations 0 and
 * T (gd needs H(0) for --lr auto; gn needs H every iteration), so a large n would fail there,
 * after the cluster has done its first pass, with an OutOfMemoryError that says nothing about
 * n. Over the limit, --gram auto goes matrix-free and --gram exact is refused.
 *
 * <p>The estimate counts the arrays the driver holds at once on a Gram iteration, n(n+1)/2
 * doubles each when packed: the block partials collected in one reduce (with --partitions P,
 * P when P <= 16 and ceil(P / 16) group sums otherwise; without it, one, so the estimate is a
 * lower bound), their running sum, X X^T, H(t) and H(0); plus n x n doubles for LAPACK's dense
 * copy in the eigenvalue or Cholesky call, and n x n more for the eigenvectors --predict keeps.
 */
final class DriverGram {
  /** The share of the driver's maximum heap the Gram path may take by default. */
  static final double DEFAULT_FRACTION = 0.6;

  static final OptionSpec SPEC = OptionSpec.value("driver-gram-limit", "BYTES",
      "60% of the driver heap", "most driver memory the exact n x n Gram may take (suffix k, m, "
          + "g or t: powers of 1024); over it --gram auto goes matrix-free and --gram exact is "
          + "refused before Spark starts");

  private DriverGram() {}

  /** The default limit: {@link #DEFAULT_FRACTION} of this JVM's (the driver's) maximum heap. */
  static long defaultLimit() {
    long max = Runtime.getRuntime().maxMemory();
    return max == Long.MAX_VALUE ? Long.MAX_VALUE : (long) (DEFAULT_FRACTION * max);
  }

  /**
   * Parses a byte count: digits with an optional suffix k, m, g or t (either case, an optional
   * trailing b), each a power of 1024.
   *
   * @throws IllegalArgumentException when the text is not such a count, or it is not positive
   */
  static long parseBytes(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    int shift = 0;
    if (!s.isEmpty()) {
      int unit = "kmgt".indexOf(s.charAt(s.length() - 1));
      if (unit >= 0) {
        shift = 10 * (unit + 1);
        s = s.substring(0, s.length() - 1);
      }
    }
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("expected a byte count such as 512m or 4g");
    }
    long value = Long.parseLong(s);
    if (value < 1) {
      throw new IllegalArgumentException("must be at least 1 byte");
    }
    if (value > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("too large");
    }
    return value << shift;
  }

  /** The packed Grams one reduce brings to the driver for a block count (null: unknown, 1). */
  static int partialsOnDriver(Integer blocks) {
    if (blocks == null) {
      return 1;
    }
    int fanIn = OrderedSum.DEFAULT_FAN_IN;
    return blocks <= fanIn ? blocks : (blocks + fanIn - 1) / fanIn;
  }

  /** The bytes the estimate in the class comment gives. */
  static double bytesNeeded(long n, int partials, boolean predict) {
    return org.widenet.train.GramSettings.exactDriverBytes(n, partials, predict);
  }

  /**
   * Refuses a run whose Gram path would not fit under the limit.
   *
   * @param limit the --driver-gram-limit value, or {@link #defaultLimit()}
   * @param explicit whether the user gave the limit
   * @throws UsageException naming n, both sizes, and what to change
   */
  static void check(int n, Integer partitions, boolean predict, long limit, boolean explicit) {
    double needed = bytesNeeded(n, partialsOnDriver(partitions), predict);
    if (needed <= limit) {
      return;
    }
    throw new UsageException("the n x n Gram for n = " + n + " rows needs " + (partitions == null
        ? "at least " : "about ") + size(needed) + " on the driver, over the limit of "
        + size(limit) + (explicit ? " (--driver-gram-limit)" : " (60% of the driver heap; "
        + "--driver-gram-limit)") + ": use fewer rows, or give the driver more heap "
        + "(spark.driver.memory under spark-submit, -Xmx in WIDENET_JAVA_OPTS for "
        + "scripts/widenet) and raise --driver-gram-limit; --gram-every cannot avoid it, since "
        + "every run forms the Gram at iterations 0 and T; or use --gram matrix-free (or "
        + "auto), which never forms it");
  }

  /** A byte count for people: 1.5 GiB, 12.0 KiB, 800 bytes. */
  static String size(double bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) {
      return (long) bytes + " bytes";
    }
    double value = bytes / 1024;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
