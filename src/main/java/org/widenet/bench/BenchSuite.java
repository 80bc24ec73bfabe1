package org.widenet.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;

/**
 * The standard shapes. To add an entry, add a {@link BenchCase} to a list below: cases run in
 * list order, and {@code --only} selects them by name.
 */
public final class BenchSuite {
  /** d of every standard shape: MNIST's 28 x 28 pixels. */
  public static final int MNIST_D = 784;

  private BenchSuite() {}

  /**
   * A few minutes on two cores: pure per-iteration overhead at a tiny shape, then a GD step,
   * the Gram and a Gauss-Newton iteration at (1000, 784, 10^4); then one row per other family,
   * a second or so each: a GD step of exp2, softmax2 (k = 10) and smooth2 (k = 1) at
   * (300, 784, 5000), and an exact Gauss-Newton iteration of deep-last at n = 300, m = 3000
   * (its work is O(m n^2)).
   */
  public static List<BenchCase> quick() {
    return List.of(
        BenchCase.of(BenchCase.TINY, Kind.GD, 100, 10, 1_000),
        BenchCase.of("relu2-gd", Kind.GD, 1_000, MNIST_D, 10_000),
        BenchCase.of("relu2-gram", Kind.GRAM, 1_000, MNIST_D, 10_000),
        BenchCase.of("relu2-gn", Kind.GN, 1_000, MNIST_D, 10_000),
        BenchCase.of(Net.EXP2, Kind.GD, 300, MNIST_D, 5_000),
        BenchCase.of(Net.SOFTMAX2, Kind.GD, 300, MNIST_D, 5_000),
        BenchCase.of(Net.SMOOTH2, Kind.GD, 300, MNIST_D, 5_000),
        BenchCase.of(Net.DEEP_LAST, Kind.GN, 300, MNIST_D, 3_000));
  }

  /**
   * One row per family where the weights dominate the heap, about 1 GB of them: a GD step of
   * relu2, exp2, softmax2 and smooth2 at (100, 784, 1.6 x 10^5) (n &lt;&lt; d, so the per-step
   * n x m work arrays stay well below the weights), and deep-last at n = 1000, m = 6 x 10^4
   * (1.4 GB, since its driver and every block pass also hold n x n arrays) with the paper's
   * alpha = 0.32 ({@link BenchCase#DEEP_MEMORY_ALPHA}: at the default 0.1 the frozen layer's
   * outputs V, an input every block reads, are a sixth of the weights' size; building its
   * blocks takes a minute or two: W_L(0) V for an m x m W_L from the seed). Skipped
   * with a note when the heap is too small (run with WIDENET_JAVA_OPTS=-Xmx6g); their
   * live_over_weights (and the upper bound peak_over_weights) is the check that the engine
   * holds one copy of the weights.
   */
  public static List<BenchCase> memory() {
    List<BenchCase> cases = new ArrayList<>();
    cases.add(BenchCase.of("relu2-gd", Kind.GD, 100, MNIST_D, 160_000).skippable());
    for (Net net : List.of(Net.EXP2, Net.SOFTMAX2, Net.SMOOTH2)) {
      cases.add(BenchCase.of(net, Kind.GD, 100, MNIST_D, 160_000).skippable());
    }
    cases.add(BenchCase.of(Net.DEEP_LAST, Kind.GN, 1_000, MNIST_D, 60_000)
        .withDeepAlpha(BenchCase.DEEP_MEMORY_ALPHA).skippable());
    return List.copyOf(cases);
  }

  /**
   * The quick cases and the larger shapes: GD at (2000, 784, 10^5) and (10000, 784, 10^4), the
   * Gram and Gauss-Newton at (2000, 784, 10^5), and GD at m = 10^6, which is skipped with a note
   * when the heap cannot hold its 6 GB of weights in Spark's storage memory; then every
   * family's {@link #memory} row.
   */
  public static List<BenchCase> full() {
    List<BenchCase> cases = new ArrayList<>(quick());
    cases.add(BenchCase.of("relu2-gd", Kind.GD, 2_000, MNIST_D, 100_000));
    cases.add(BenchCase.of("relu2-gd", Kind.GD, 10_000, MNIST_D, 10_000));
    cases.add(BenchCase.of("relu2-gram", Kind.GRAM, 2_000, MNIST_D, 100_000));
    cases.add(BenchCase.of("relu2-gn", Kind.GN, 2_000, MNIST_D, 100_000));
    cases.add(BenchCase.of("relu2-gd", Kind.GD, 1_000, MNIST_D, 1_000_000).skippable());
    cases.addAll(memory());
    return List.copyOf(cases);
  }

  /**
   * Bytes moved per iteration against the width: a relu2 GD step at n = 100, d = 10 and
   * m = 10^3, 10^4, 10^5, 10^6 (0.09 GB of weights at the largest), so that the work is small
   * and the weights fit anywhere. Run it on a cluster master (e.g. {@code --master
   * local-cluster[2,1,2048]}) with {@code --peers} for MLlib's figures next to widenet's; the
   * {@code bytes_per_iteration} column is the point.
   */
  public static List<BenchCase> traffic() {
    List<BenchCase> cases = new ArrayList<>();
    for (long m = 1_000; m <= 1_000_000; m *= 10) {
      cases.add(BenchCase.of("relu2-gd", Kind.GD, 100, 10, m));
    }
    return List.copyOf(cases);
  }

  /**
   * Strong scaling: one relu2 GD step at (1000, 784, 10^5) (0.63 GB of weights), to run once on
   * {@code --master local-cluster[1,1,MEM]} and once on {@code local-cluster[2,1,MEM]} with the
   * same {@code --partitions}, so both runs take the same steps and only the executors differ.
   */
  public static List<BenchCase> scaling() {
    return List.of(BenchCase.of("relu2-gd", Kind.GD, 1_000, MNIST_D, 100_000));
  }

  /**
   * A suite by name.
   *
   * @throws IllegalArgumentException for a name other than quick, full, memory, traffic or
   *     scaling
   */
  public static List<BenchCase> named(String suite) {
    return switch (suite.toLowerCase(Locale.ROOT)) {
      case "quick" -> quick();
      case "full" -> full();
      case "memory" -> memory();
      case "traffic" -> traffic();
      case "scaling" -> scaling();
      default -> throw new IllegalArgumentException("unknown suite \"" + suite
          + "\" (quick, full, memory, traffic or scaling)");
    };
  }

  /**
   * The cases whose name is one of {@code names}, in suite order.
   *
   * @throws IllegalArgumentException naming a name that matches no case, and the names there are
   */
  public static List<BenchCase> only(List<BenchCase> suite, List<String> names) {
    Set<String> known = new LinkedHashSet<>();
    suite.forEach(c -> known.add(c.name()));
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("no case named \"" + name + "\" in this suite ("
            + String.join(", ", known) + ")");
      }
    }
    return suite.stream().filter(c -> names.contains(c.name())).toList();
  }
}
