package org.widenet.train;

import java.util.Locale;
import org.widenet.math.Activation;
import org.widenet.model.NetworkSpec;

/**
 * How relu2 blocks hold and step their weights (--step-form): on the weights themselves, two
 * products of 2 n d m flops per step, or in the span form ({@code model.SpanStepper}): W(0)
 * and the n x m step factors A with W = W(0) - X^T A, one product of 2 n^2 m flops per step,
 * the same results up to rounding. The span form keeps n + n doubles per neuron (A and Z(0))
 * where the weights form keeps d (and d more while W(0) is kept), and every JVM that steps
 * blocks keeps X X^T (n x n).
 */
public enum StepForm {
  /**
   * The span form where it takes fewer flops and fits the heap ({@link #pays}): relu2, exact
   * Gram or GD.
   */
  AUTO("auto"),
  /** Always the weights form. */
  WEIGHTS("weights"),
  /** The span form for relu2 (not with the matrix-free Gram); the weights form otherwise. */
  SPAN("span");

  /**
   * The span form saves a fifth of the flops or more: 2 n^2 <= 0.8 * 4 n d. Since the weights
   * form's gradient product became subset sums ({@code math.MaskedRowSums}), the two forms'
   * step times cross near n = 1.65 d instead (measured at (1000, 784, 10^4): span 0.237 s,
   * weights 0.306 s), so auto now takes the span form up to about where it stops paying.
   */
  static final double AUTO_MAX_ROWS_PER_INPUT = 1.6;
  /** X X^T of at most this many rows (128 MiB) for auto. */
  static final int AUTO_MAX_ROWS = 4096;
  /**
   * auto takes the span form while its A and Z(0), 16 n m bytes for the whole network, take at
   * most 1/HEAP_SHARE of the driver JVM's maximum heap (in local mode, the executors' too).
   */
  static final int HEAP_SHARE = 8;

  private final String cliName;

  StepForm(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /**
   * Whether a run of {@code network} on n rows of d inputs steps in the span form.
   *
   * @param matrixFree whether the driver reaches the Gram by products (those read the weights)
   */
  public boolean spans(NetworkSpec network, int n, int d, boolean matrixFree) {
    if (this == WEIGHTS || matrixFree || network.family().activation() != Activation.RELU
        || n < 1 || d < 1) {
      return false;
    }
    return this == SPAN || pays(n, d, network.width());
  }

  /**
   * Whether auto chooses the span form for a relu2 run of m neurons on n rows of d inputs: it
   * takes a fifth of the flops or more off each step (n < 1.6 d; in time, see
   * {@link #AUTO_MAX_ROWS_PER_INPUT}), X X^T is at most 128 MiB
   * (n <= 4096), and A and Z(0) fit an eighth of this JVM's heap ({@link #HEAP_SHARE}).
   */
  public static boolean pays(int n, int d, long m) {
    return n >= 1 && n <= AUTO_MAX_ROWS && n < AUTO_MAX_ROWS_PER_INPUT * d
        && 16.0 * n * m <= (double) Runtime.getRuntime().maxMemory() / HEAP_SHARE;
  }

  /** auto, weights or span, any case. */
  public static StepForm parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (StepForm f : values()) {
      if (f.cliName.equals(key)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--step-form must be auto, weights or span, got \""
        + name + "\"");
  }
}
