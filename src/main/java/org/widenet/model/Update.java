package org.widenet.model;

/**
 * A pending update the driver broadcasts to every block: for relu2 and exp2 the step vector
 * and its coefficient, for softmax2 the step matrix with the normalizers, for smooth2 the
 * (batch) residual. Engines log every update since the blocks' last durable copy and replay
 * the same updates, in order, to rebuild a lost block bit for bit. Plain classes (not
 * records), so that Kryo can broadcast a logged sequence of them.
 */
public interface Update extends java.io.Serializable {
  /** About how many bytes the update holds, for the driver's bound on the logged updates. */
  long bytes();
}
