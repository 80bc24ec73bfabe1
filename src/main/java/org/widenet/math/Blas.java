package org.widenet.math;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;

/**
 * Resolves the netlib BLAS and LAPACK implementations once per JVM and names the BLAS in use.
 *
 * <p>BLAS comes from dev.ludovic.netlib, which picks a native library when one can be loaded,
 * then a JDK Vector API implementation, then pure Java. widenet calls only its level-3 routines
 * (dgemm, dsyrk, dtrsm) and daxpy, whose results do not depend on where an array lies in memory.
 * Native level-2 and level-1 reductions do on AVX-512 machines, so {@link MatrixVector} and
 * {@link Cholesky} replace them, and LAPACK, which calls them inside, is netlib's pure-Java
 * translation: slower (about 3.5x for an eigendecomposition) but the same bits on every machine
 * and every run. The instances are created lazily on first use and shared; they are safe to use
 * from several threads (see {@link LapackHolder} for what that takes for LAPACK).
 */
public final class Blas {

  private Blas() {}

  /** Lazy holder for the BLAS instance. */
  private static final class BlasHolder {
    static final BLAS INSTANCE = BLAS.getInstance();
  }

  /**
   * Lazy holder for the LAPACK instance. The pure-Java LAPACK computes its machine parameters
   * (dlamch: eps, the safe minimum, ...) on the first call and caches them in static fields
   * without synchronization: two threads making their first LAPACK calls at once can cache wrong
   * values for the whole JVM (measured: eps 2^-52 instead of 2^-53, safe minimum 2^-1024), after
   * which eigenvalues differ in their last bits or dsyevd never returns. The holder's
   * initialization, which the JVM runs once under a lock before any thread uses the instance,
   * computes them all first.
   */
  private static final class LapackHolder {
    static final LAPACK INSTANCE = withMachineParameters(JavaLAPACK.getInstance());
  }

  /** The parameters dlamch knows, each asked once so that all are computed and cached. */
  static final String MACHINE_PARAMETERS = "ESBPNRMULO";

  private static LAPACK withMachineParameters(LAPACK lapack) {
    for (char c : MACHINE_PARAMETERS.toCharArray()) {
      lapack.dlamch(String.valueOf(c));
    }
    return lapack;
  }

  /**
   * Returns the shared BLAS instance, resolving it on the first call. Allocates nothing after that
   * and throws nothing in normal use.
   *
   * @return the BLAS implementation chosen by dev.ludovic.netlib
   */
  public static BLAS blas() {
    return BlasHolder.INSTANCE;
  }

  /**
   * Returns the shared LAPACK instance, resolving it on the first call. Allocates nothing after
   * that and throws nothing in normal use.
   *
   * @return netlib's pure-Java LAPACK, repeatable bit for bit (see the class comment)
   */
  public static LAPACK lapack() {
    return LapackHolder.INSTANCE;
  }

  /**
   * Names the BLAS implementation in use, for logs and reports: the class's simple name followed
   * by what kind of implementation it is, for example {@code "JNIBLAS (native)"},
   * {@code "VectorBLAS (JDK Vector API)"} or {@code "Java8BLAS (pure Java)"}. Unknown classes are
   * named by their simple name alone. Allocates a short string; throws nothing.
   *
   * @return a human-readable name of the BLAS implementation
   */
  public static String implementationName() {
    return describe(blas().getClass().getSimpleName());
  }

  /** Maps a netlib BLAS class's simple name to its display name. */
  static String describe(String simpleName) {
    switch (simpleName) {
      case "JNIBLAS":
      case "NativeBLAS":
        return simpleName + " (native)";
      case "VectorBLAS":
        return simpleName + " (JDK Vector API)";
      case "Java8BLAS":
      case "Java11BLAS":
      case "JavaBLAS":
      case "F2jBLAS":
        return simpleName + " (pure Java)";
      default:
        return simpleName;
    }
  }
}
