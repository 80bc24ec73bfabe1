package org.widenet.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * The broadcasts a model keeps alive: those its blocks' RDD reads to rebuild a lost block (the
 * fit's training inputs and step log), and the weights or outputs each transform ships to the
 * rows. {@link ModelCore#unpersist()} destroys them all, so a closed model leaves no broadcast
 * behind; a DataFrame from an earlier transform cannot be evaluated afterwards. Shared by every
 * copy of a model (they share its state). Thread-safe.
 */
final class ModelBroadcasts {
  private final List<Broadcast<?>> live = new ArrayList<>();
  private boolean destroyed;

  /** Keeps b until {@link #destroyAll()}; destroys it at once when that has run. */
  synchronized <T> Broadcast<T> keep(Broadcast<T> b) {
    if (destroyed) {
      b.destroy();
    } else {
      live.add(b);
    }
    return b;
  }

  synchronized void keepAll(List<Broadcast<?>> bs) {
    bs.forEach(this::keep);
  }

  /** The broadcasts kept now (for tests). */
  synchronized List<Broadcast<?>> kept() {
    return List.copyOf(live);
  }

  /** Destroys every kept broadcast (on the executors and the driver). Idempotent. */
  synchronized void destroyAll() {
    destroyed = true;
    for (Broadcast<?> b : live) {
      b.destroy();
    }
    live.clear();
  }
}
