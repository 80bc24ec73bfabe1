import org.widenet.math.Blas;
import org.widenet.math.Cholesky;
import org.widenet.math.MatrixVector;

/**
 * The pieces of one application of the Woodbury column Nystrom preconditioner at n = 30,000:
 * F^T v and F y (n x r) as widenet does them (MatrixVector, one thread), the same split over two
 * threads by fixed column / row halves (same bits as one thread), native dgemv, and the two
 * r x r triangular solves (Cholesky.solveUpper).
 *
 *   javac -cp "target/classes:$(cat target/local-classpath.txt)" ApplyBench.java
 *   OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Haswell java -Xmx6g -cp ".:target/classes:..." ApplyBench 8000
 */
public class ApplyBench {
  public static void main(String[] args) throws Exception {
    int n = 30000;
    int r = Integer.parseInt(args[0]);
    double[] f = new double[n * r];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int i = 0; i < f.length; i++) {
      f[i] = rnd.nextDouble() - 0.5;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextDouble();
    }
    double[] k = new double[Cholesky.length(r)];
    for (int c = 0; c < r; c++) {
      for (int i = 0; i <= c; i++) {
        k[i + c * r] = i == c ? 1.0 : 1e-3 * (rnd.nextDouble() - 0.5) / r;
      }
    }
    double[] y = new double[r];
    double[] out = new double[n];
    int half = r / 2;
    int rowsHalf = n / 2;
    for (int rep = 0; rep < 4; rep++) {
      long t0 = System.nanoTime();
      MatrixVector.transposeTimes(n, r, 1.0, f, v, 0.0, y);
      long t1 = System.nanoTime();
      MatrixVector.times(n, r, -1.0, f, y, 1.0, out);
      long t2 = System.nanoTime();
      Thread a = new Thread(() -> {
        for (int j = 0; j < half; j++) {
          y[j] = MatrixVector.dot(n, f, j * n, v, 0);
        }
      });
      a.start();
      for (int j = half; j < r; j++) {
        y[j] = MatrixVector.dot(n, f, j * n, v, 0);
      }
      a.join();
      long t3 = System.nanoTime();
      Thread b = new Thread(() -> axpyRows(n, r, f, y, out, 0, rowsHalf));
      b.start();
      axpyRows(n, r, f, y, out, rowsHalf, n);
      b.join();
      long t4 = System.nanoTime();
      Blas.blas().dgemv("T", n, r, 1.0, f, n, v, 1, 0.0, y, 1);
      long t5 = System.nanoTime();
      Blas.blas().dgemv("N", n, r, -1.0, f, n, y, 1, 1.0, out, 1);
      long t6 = System.nanoTime();
      Cholesky.solveUpper(r, k, y);
      long t7 = System.nanoTime();
      System.out.printf("r=%d  MatrixVector F^T v %.3f s, F y %.3f s | two threads %.3f s, %.3f s"
          + " | dgemv T %.3f s, N %.3f s | two r x r triangular solves %.3f s%n", r,
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
          (t6 - t5) / 1e9, (t7 - t6) / 1e9);
    }
  }

  /** out[i] -= sum_j f[i, j] y[j] for rows [from, to), columns in order (as MatrixVector.times). */
  private static void axpyRows(int n, int r, double[] f, double[] y, double[] out, int from,
      int to) {
    for (int j = 0; j < r; j++) {
      double s = -y[j];
      int column = j * n;
      for (int i = from; i < to; i++) {
        out[i] += s * f[column + i];
      }
    }
  }
}
