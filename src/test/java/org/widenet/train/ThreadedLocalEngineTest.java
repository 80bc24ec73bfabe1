package org.widenet.train;

import org.widenet.model.NetworkSpec;

/** The local engine with its blocks on three threads, against the block-engine contract. */
class ThreadedLocalEngineTest extends BlockEngineContract {
  @Override
  protected BlockEngine engine(NetworkSpec spec, int blocks, double[] x, int n, int d) {
    return LocalEngine.threaded(spec, blocks, x, n, d, 3);
  }
}
