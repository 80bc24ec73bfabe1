/**
 * Dense numeric kernels for widenet, with no Spark in them.
 *
 * <p>Everything here works on plain {@code double[]} arrays holding matrices in column-major
 * order. The data matrix X is n by d, so feature j of row i sits at {@code x[i + j*n]}. A block
 * of mb hidden neurons keeps its weights W as a d by mb matrix whose column r is neuron r's weight
 * vector, and the pre-activations Z = X W form an n by mb matrix. Symmetric n by n matrices
 * such as Gram matrices are stored packed: only the upper triangle is kept, column by column, so
 * that entry (i, j) with i &lt;= j lives at {@code i + j*(j+1)/2}.
 *
 * <p>{@link org.widenet.math.BlockKernels} holds the per-block work of training: the
 * pre-activations, the block's share of the network output, the in-place weight step used both by
 * gradient descent and by the Gauss-Newton method, and the block's share of the Gauss-Newton Gram
 * matrix. {@link org.widenet.math.PackedSymmetric} handles the packed layout,
 * {@link org.widenet.math.SymmetricEigen} computes spectra and {@link org.widenet.math.SpdSolver}
 * solves damped positive definite systems, reporting a failed factorization as a
 * {@link org.widenet.math.SingularSystemException}. When the n by n Gram is too large to form,
 * {@link org.widenet.math.ConjugateGradient} and {@link org.widenet.math.Lanczos} solve and
 * analyse it through products alone, and {@link org.widenet.math.GramTimesKernel} gives a block's
 * share of such a product.
 *
 * <p>The heavy lifting goes to the BLAS and LAPACK of the dev.ludovic.netlib project that Spark
 * already carries; {@link org.widenet.math.Blas} picks the implementation once and can name it.
 * The BLAS routine names and their single-letter mode arguments stay inside this package, so the
 * rest of widenet talks only about matrices. Kernels overwrite the output arrays they are given and
 * allocate nothing unless their documentation says so; methods that return an array return a new
 * one. Dimension and length mistakes are reported as {@link java.lang.IllegalArgumentException}.
 */
package org.widenet.math;
