package org.widenet.train;

/** Receives each iteration's record as soon as it is known (metrics files, progress lines). */
@FunctionalInterface
public interface TrainingListener {
  /** Called once per iteration, t = 0 .. T, in order. An exception stops training. */
  void onIteration(IterationRecord record);

  /** Called once when the learning rate is fixed (after iteration 0 for --lr auto). */
  default void onLearningRate(double eta, boolean automatic) {}

  /**
   * Called once by a resumed run when it has recomputed the iteration it starts from (not
   * reported again), with that iteration's loss, before the step from it is solved.
   */
  default void onResumed(int iteration, double loss) {}

  /**
   * Called after each matrix-free Gauss-Newton solve, before the iteration it leads to is
   * reported: the conjugate-gradient solve at the weights of iteration {@code iteration - 1}
   * whose step produces the weights of {@code iteration}. Not called for exact (Cholesky)
   * solves.
   *
   * @param iteration the iteration whose weights the solved step produces, t + 1
   * @param cgIterations the CG iterations (engine passes) the solve took
   * @param relativeResidual its final ||e - (H + mu I) s|| / ||e||
   * @param converged whether it reached --cg-tol before --cg-max-iter
   */
  default void onStepSolved(int iteration, int cgIterations, double relativeResidual,
      boolean converged) {}

  /**
   * Called during a long matrix-free Gauss-Newton solve, about every
   * {@link #CG_PROGRESS_SECONDS} seconds of it, for progress lines: the solve of the step
   * that produces iteration {@code iteration}, its CG iterations so far, the relative residual
   * after them and the seconds since the solve began. Changes nothing in the solve.
   */
  default void onCgProgress(int iteration, int cgIterations, double relativeResidual,
      double seconds) {}

  /** Seconds of a conjugate-gradient solve between {@link #onCgProgress} calls. */
  double CG_PROGRESS_SECONDS = 30.0;

  /**
   * Called when matrix-free Gauss-Newton builds its Nystrom preconditioner, before the solve
   * of the step that produces iteration {@code iteration}.
   *
   * @param rank r, the rank of the approximation
   * @param sketch how it was sketched: {@code "columns"} (r sampled columns of J J^T, formed
   *     directly) or {@code "products"} (r products J J^T q)
   * @param passes the passes over the blocks the build took
   * @param seconds the build's wall time
   */
  default void onPreconditioner(int iteration, int rank, String sketch, int passes,
      double seconds) {}

  /**
   * Called after {@link #onPreconditioner} for a preconditioner built from sampled columns:
   * where its build time went and the approximation's smallest eigenvalue.
   *
   * @param secondsByPart wall seconds by part, in build order: "columns" (the passes over the
   *     blocks), "factor" (chol(W)), "solve" (F = C U^-1), "gram" (F^T F), "sigma" (lambda_r)
   * @param lambdaR the rank-r approximation's smallest eigenvalue
   */
  default void onPreconditionerParts(int iteration,
      java.util.Map<String, Double> secondsByPart, double lambdaR) {}

  /**
   * Called by mini-batch SGD before each step, with the batch's rows (in batch order) and the
   * step size (a linearized model follows the same steps).
   */
  default void onBatchStep(int[] batch, double eta) {}

  /** A listener that passes every event to {@code first}, then to {@code second}. */
  static TrainingListener both(TrainingListener first, TrainingListener second) {
    return new TrainingListener() {
      @Override
      public void onIteration(IterationRecord record) {
        first.onIteration(record);
        second.onIteration(record);
      }

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        first.onLearningRate(eta, automatic);
        second.onLearningRate(eta, automatic);
      }

      @Override
      public void onResumed(int iteration, double loss) {
        first.onResumed(iteration, loss);
        second.onResumed(iteration, loss);
      }

      @Override
      public void onStepSolved(int iteration, int cgIterations, double relativeResidual,
          boolean converged) {
        first.onStepSolved(iteration, cgIterations, relativeResidual, converged);
        second.onStepSolved(iteration, cgIterations, relativeResidual, converged);
      }

      @Override
      public void onCgProgress(int iteration, int cgIterations, double relativeResidual,
          double seconds) {
        first.onCgProgress(iteration, cgIterations, relativeResidual, seconds);
        second.onCgProgress(iteration, cgIterations, relativeResidual, seconds);
      }

      @Override
      public void onPreconditioner(int iteration, int rank, String sketch, int passes,
          double seconds) {
        first.onPreconditioner(iteration, rank, sketch, passes, seconds);
        second.onPreconditioner(iteration, rank, sketch, passes, seconds);
      }

      @Override
      public void onPreconditionerParts(int iteration,
          java.util.Map<String, Double> secondsByPart, double lambdaR) {
        first.onPreconditionerParts(iteration, secondsByPart, lambdaR);
        second.onPreconditionerParts(iteration, secondsByPart, lambdaR);
      }

      @Override
      public void onBatchStep(int[] batch, double eta) {
        first.onBatchStep(batch, eta);
        second.onBatchStep(batch, eta);
      }
    };
  }
}
