package org.widenet.testutil;

import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;

/** Small, seeded training problems shared by the engine and trainer tests. */
public final class Problems {
  private Problems() {}

  /** Points uniform on the unit sphere with random +-1 labels. */
  public static Dataset sphere(int n, int d, String target, long seed) {
    return SyntheticSpec.parse("sphere:n=" + n + ",d=" + d + ",target=" + target + ",seed="
        + seed).generate();
  }

  public static NetworkSpec relu2(long width, long seed) {
    return new NetworkSpec(ModelFamily.RELU2, width, 1.0, seed, false);
  }

  public static NetworkSpec exp2(long width, long seed, boolean symmetric) {
    return new NetworkSpec(ModelFamily.EXP2, width, 1.0, seed, symmetric);
  }
}
