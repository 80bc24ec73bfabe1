package org.widenet.model;

import java.util.Locale;

/**
 * Whether a block keeps its initial weights W(0) in memory for the movement statistics
 * ({@code max_move}, {@code fro_move}) instead of drawing them again from the seed on every
 * pass. Kept or drawn again, W(0) holds the same bits ({@link Initializer}), so this changes
 * time and memory, never a result.
 *
 * <p>Drawing W(0) costs a Gaussian per weight per pass (about 5% of a relu2 GD step at
 * (n, d) = (1000, 784)), and at (2000, 784, 10^5) another 4 to 8% in the two products, whose
 * cached tiles the draw evicts chunk after chunk; keeping it costs a second copy of the block's
 * weights. By default
 * ({@code auto}) a block keeps it when the whole network's weights take at most
 * 1/{@value #HEAP_SHARE} of this JVM's maximum heap: then all kept copies together fit in that
 * share, whatever the blocks per executor, and a network whose weights dominate the heap (the
 * case the engine's "one copy of the weights" memory bound is for) never keeps one. The JVM
 * system property {@value #PROPERTY} ({@code auto}, {@code always} or {@code never}; on a
 * cluster, through {@code spark.executor.extraJavaOptions}) overrides the rule.
 *
 * <p>A kept W(0) lives in a transient field of the block: it is never written to a checkpoint
 * or a saved model, and a block read back from one draws it again on its first pass.
 */
public final class KeptInitialWeights {
  /** The system property that overrides the rule: auto, always or never. */
  public static final String PROPERTY = "widenet.keepInitialWeights";
  /**
   * auto keeps W(0) while the network's weights are at most 1/HEAP_SHARE of the max heap: 8,
   * so the 627 MB of (784, 10^5) keep it in an 8 GB heap, and the weights and their copy
   * together stay within a quarter of it.
   */
  public static final int HEAP_SHARE = 8;

  private KeptInitialWeights() {}

  /**
   * Whether a block of a network whose weights (every block's, input and output layers) take
   * {@code networkWeightBytes} keeps its W(0).
   *
   * @throws IllegalArgumentException when {@value #PROPERTY} holds another value
   */
  public static boolean keep(long networkWeightBytes) {
    String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "always":
        return true;
      case "never":
        return false;
      case "auto":
        return networkWeightBytes <= Runtime.getRuntime().maxMemory() / HEAP_SHARE;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, always or never, "
            + "got '" + System.getProperty(PROPERTY) + "'");
    }
  }
}
