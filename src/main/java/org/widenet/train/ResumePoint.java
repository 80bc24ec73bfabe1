package org.widenet.train;

/**
 * Where a resumed run starts: the engine already holds the weights of iteration
 * {@code state.iteration()}; the driver loop recomputes that iteration's forward pass (and
 * Gram, when the optimizer needs it) and takes the next step exactly as the uninterrupted run
 * did. The iteration's metrics row is not reported again.
 *
 * @param state the driver state saved with the weights
 * @param initialGram the packed Jacobian Gram H(0) at initialization (recomputed from the
 *     seed by the caller), so Gram drift keeps its reference; null when no Gram is computed
 */
public record ResumePoint(TrainerState state, double[] initialGram) {}
