/**
 * The driver loop: optimizers (gradient descent, Gauss-Newton), the step-size rule, the
 * per-iteration diagnostics, and the one seam through which the driver talks to the neuron
 * blocks, {@link org.widenet.train.BlockEngine}. {@link org.widenet.train.LocalEngine} runs the
 * blocks in this JVM; the Spark engine (package {@code org.widenet.spark}) runs them as tasks.
 * Both are held to one contract test, so the whole algorithm is testable without Spark. The
 * Jacobian Gram is either formed on the driver ({@link org.widenet.train.GramMode#EXACT}) or only
 * multiplied by, one engine pass per product ({@link org.widenet.train.GramMode#MATRIX_FREE}).
 */
package org.widenet.train;
