package org.widenet.train;

/**
 * Called by the driver loop after each iteration has been checked and reported (so a
 * diverged iteration is never checkpointed). The hook decides whether the iteration is due
 * and, if so, saves the blocks through its engine together with the state.
 */
@FunctionalInterface
public interface CheckpointHook {
  /** A hook that never saves. */
  CheckpointHook NONE = state -> {};

  void afterIteration(TrainerState state);
}
