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

  /**
   * Whether {@link #afterIteration} saves iteration t. A resumed run starts from such an
   * iteration with nothing but what was saved, so state the driver would otherwise carry past
   * it (matrix-free Gauss-Newton's preconditioner) is rebuilt there in every run alike.
   */
  default boolean savesAt(int t) {
    return false;
  }
}
