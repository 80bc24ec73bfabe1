package org.widenet.train;

import org.widenet.model.NetworkSpec;

/** The local engine against the shared block-engine contract. */
class LocalEngineTest extends BlockEngineContract {
  @Override
  protected BlockEngine engine(NetworkSpec spec, int blocks, double[] x, int n, int d) {
    return new LocalEngine(spec, blocks, x, n, d);
  }
}
