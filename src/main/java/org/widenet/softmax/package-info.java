/**
 * The softmax2 family of Gu, Li, Liang, Shi, Song, "Exploring the Frontiers of Softmax"
 * (Sections 3-4, Appendix F): F(W, x)_l = m &lt;a_l, S(W^T x)&gt; with the softmax S taken over
 * all m hidden neurons and k outputs. Neuron blocks return max-shifted partial normalizers and
 * numerators that the driver merges in log-sum-exp form; the kernels in {@link
 * org.widenet.softmax.SoftmaxKernels} work on plain arrays, {@link
 * org.widenet.softmax.SoftmaxFamily} runs them on the generic engines (local or Spark), and
 * {@link org.widenet.softmax.SoftmaxRegression} is the programmatic entry point.
 */
package org.widenet.softmax;
