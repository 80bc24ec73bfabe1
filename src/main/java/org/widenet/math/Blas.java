package org.widenet.math;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;

/**
 * Resolves the netlib BLAS and LAPACK implementations once per JVM and names the BLAS in use.
 *
 * <p>The implementations come from dev.ludovic.netlib, which picks a native library when one can
 * be loaded, then a JDK Vector API implementation, then pure Java. The instances are created lazily
 * on first use and shared; they are stateless and safe to use from several threads.
 */
public final class Blas {

  private Blas() {}

  /** Lazy holder for the BLAS instance. */
  private static final class BlasHolder {
    static final BLAS INSTANCE = BLAS.getInstance();
  }

  /** Lazy holder for the LAPACK instance. */
  private static final class LapackHolder {
    static final LAPACK INSTANCE = LAPACK.getInstance();
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
   * @return the LAPACK implementation chosen by dev.ludovic.netlib
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
