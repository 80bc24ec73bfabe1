package org.widenet.model;

/**
 * A read-only computation every block runs where it lives, at its current weights: a Gram
 * product J_b J_b^T v, the outputs on other inputs, a Gram share at the driver's normalizers,
 * ... The engine merges the blocks' shares in block-id order. Jobs travel in task closures
 * (Java serialization), so they hold only small settings; large data goes in the payload,
 * which the engine broadcasts once per job.
 */
@FunctionalInterface
public interface BlockJob extends java.io.Serializable {
  /**
   * @param block the block at the engine's current version (must not be modified)
   * @param inputs the engine's broadcast inputs
   * @param payload the job's broadcast payload, or null
   */
  Share run(Block block, Inputs inputs, Object payload);
}
