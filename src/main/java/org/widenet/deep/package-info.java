/**
 * Deep over-parameterized networks with last-layer training (Song, Zhang, Zhang, "Training
 * Multi-Layer Over-Parametrized Neural Network in Subquadratic Time"; widenet's family
 * {@code deep-last}): f(x) = a^T phi(W_L phi(... phi(W_1 x))) with the scaled shifted ReLU of
 * the paper's Lemma G.6, layers 1..L-1 frozen and W_L trained by Gauss-Newton.
 *
 * <p>The network is split into row blocks: block b owns rows [first, first + count) of every
 * layer, generated from (seed, layer, row) by {@link org.widenet.deep.DeepWeights}, so no m x m
 * matrix is ever held whole. The frozen layers are applied once, layer by layer
 * ({@link org.widenet.deep.LayerPass}); since h_{L-1} never changes, the change of W_L is kept
 * as C_b V^T ({@link org.widenet.deep.DeepBlock}), which makes every training iteration linear
 * in m. The Gauss-Newton step is solved exactly (Gram (U U^T) o (V V^T) and Cholesky), by
 * TensorSketch or TensorSRHT of the Jacobian rows u_i (x) v_i (the paper's Theorem D.10), or
 * by matrix-free conjugate gradients. The row blocks run on widenet's one engine as the family
 * {@link org.widenet.deep.DeepFamily}, trained by widenet's one driver loop with the driver's
 * side {@link org.widenet.deep.DeepMath} and the Gram modes of {@link org.widenet.deep.DeepGram}
 * ({@link org.widenet.deep.DeepTrainer} is the facade that reports
 * {@link org.widenet.deep.DeepRecord}s). {@link org.widenet.deep.LowRankMaintenance} is the
 * general factor-list structure of the paper's Algorithms 3-4.
 */
package org.widenet.deep;
