package org.widenet.testutil;

import org.widenet.model.BlockJob;
import org.widenet.model.Family;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;

/**
 * A {@link BlockEngine} that passes every call on to another: tests override {@link #advance}
 * to watch the updates or to disturb the engine between passes.
 */
public class ForwardingEngine implements BlockEngine {
  private final BlockEngine inner;

  public ForwardingEngine(BlockEngine inner) {
    this.inner = inner;
  }

  @Override
  public Family family() {
    return inner.family();
  }

  @Override
  public int numBlocks() {
    return inner.numBlocks();
  }

  @Override
  public Share advance(Update update, Pass pass, int iteration) {
    return inner.advance(update, pass, iteration);
  }

  @Override
  public Share reduce(BlockJob job, Object payload) {
    return inner.reduce(job, payload);
  }

  @Override
  public void close() {
    inner.close();
  }
}
