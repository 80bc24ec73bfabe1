// The dense experiment behind the rank choice of docs/performance.md's preconditioned-CG
// section (not part of the build): forms the relu2 Gram H = (X X^T) o (D D^T) at
// initialization in memory (n points on the sphere in d = 20, m = 2000, D = 1[x.w > 0] /
// sqrt(m)), solves (H + 1e-3 I) x = b (b Gaussian) by plain CG and by CG preconditioned with
// a Nystrom approximation from r uniformly sampled columns (NystromPreconditioner.fromColumns),
// to 1e-10; with "eig" also prints H's eigenvalues (native LAPACK, n = 5,000 only), with
// "gauss" also the Gaussian product sketch of the same rank (NystromPreconditioner.build).
// Compile and run against the project's classes and dependencies:
//   CP="target/classes:$(cat target/local-classpath.txt)"
//   javac -cp "$CP" -d dense-classes DenseSpectrum.java
//   java -Xmx8g -cp "dense-classes:$CP" DenseSpectrum 5000 250,500,1000,2000 eig gauss
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.*;
import org.netlib.util.intW;
import org.widenet.math.*;

public class DenseSpectrum {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]), d = 20, m = 2000;
    double mu = 1e-3;
    BLAS blas = Blas.blas();
    SplittableRandom rnd = new SplittableRandom(1);
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < d; j++) { double g = rnd.nextGaussian(); x[i + j*n] = g; s += g*g; } s = Math.sqrt(s); for (int j = 0; j < d; j++) x[i+j*n] /= s; }
    double[] w = new double[d * m]; for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian();
    double[] z = new double[n * m];
    blas.dgemm("N", "N", n, m, d, 1.0, x, n, w, d, 0.0, z, n);
    for (int k = 0; k < z.length; k++) z[k] = (z[k] > 0 ? 1.0 : 0.0) / Math.sqrt(m); // a=+-1 squares away
    double[] h = new double[n * n];
    blas.dgemm("N", "T", n, n, m, 1.0, z, n, z, n, 0.0, h, n);
    double[] xx = new double[n * n];
    blas.dgemm("N", "T", n, n, d, 1.0, x, n, x, n, 0.0, xx, n);
    for (int k = 0; k < h.length; k++) h[k] *= xx[k];
    xx = null; z = null;
    final double[] H = h;
    double[] b = new double[n]; for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
    java.util.function.UnaryOperator<double[]> times = v -> { double[] o = new double[n]; blas.dgemv("N", n, n, 1.0, H, n, v, 1, 0.0, o, 1); return o; };
    long t0 = System.nanoTime();
    ConjugateGradient.Result plain = ConjugateGradient.solve(times, mu, b, 1e-10, 5000);
    System.out.printf("plain CG: %d iterations conv=%s%n", plain.iterations(), plain.converged());
    if (args.length > 2) {
      double[] e = h.clone(); double[] ev = new double[n]; intW info = new intW(0);
      LAPACK jni = LAPACK.getInstance();
      double[] work = new double[1]; jni.dsyev("N", "U", n, e, n, ev, work, -1, info);
      work = new double[(int) work[0]]; jni.dsyev("N", "U", n, e, n, ev, work, work.length, info);
      Arrays.sort(ev);
      int[] ks = {0, 1, 20, 100, 200, 230, 500, 1000, 1500, 1770, 2000, 3000, 4000};
      for (int k : ks) if (k < n) System.out.printf("lambda_%d = %.4g%n", k + 1, ev[n - 1 - k]);
      for (double thr : new double[]{1, 0.1, 0.01, 1e-3}) { int c = 0; for (double v : ev) if (v > thr) c++; System.out.printf("#eig > %g: %d%n", thr, c);}
      System.out.printf("kappa plain = %.3g%n", (ev[n-1]+mu)/(ev[0]+mu));
    }
    for (String rs : args[1].split(",")) {
      int r = Integer.parseInt(rs);
      // uniform column sample
      long[] keys = new long[n]; SplittableRandom sr = new SplittableRandom(7);
      int[] perm = new int[n]; for (int i = 0; i < n; i++) perm[i] = i;
      for (int i = n - 1; i > 0; i--) { int j = sr.nextInt(i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
      int[] s = Arrays.copyOf(perm, r); Arrays.sort(s);
      double[] c = new double[n * r];
      for (int j = 0; j < r; j++) System.arraycopy(H, s[j] * n, c, j * n, n);
      long tb = System.nanoTime();
      NystromPreconditioner p = NystromPreconditioner.fromColumns(n, c, s);
      double bs = (System.nanoTime() - tb) / 1e9;
      ConjugateGradient.Result pr = ConjugateGradient.solve(times, mu, b, 1e-10, 5000, v -> p.apply(v, mu));
      double diff = 0, nn = 0; for (int i = 0; i < n; i++) { diff += Math.pow(pr.solution()[i]-plain.solution()[i],2); nn += Math.pow(plain.solution()[i],2);}
      System.out.printf("columns r=%d: %d iterations conv=%s build %.1fs lambda_r=%.3g relDiff=%.2g%n", r, pr.iterations(), pr.converged(), bs, p.eigenvalues()[r-1], Math.sqrt(diff/nn));
      if (args.length > 3) {
        tb = System.nanoTime();
        NystromPreconditioner q = NystromPreconditioner.build(n, r, v -> { double[] o = new double[v.length]; blas.dgemm("N","N", n, r, n, 1.0, H, n, v, n, 0.0, o, n); return o; }, 3);
        bs = (System.nanoTime() - tb) / 1e9;
        ConjugateGradient.Result qr = ConjugateGradient.solve(times, mu, b, 1e-10, 5000, v -> q.apply(v, mu));
        System.out.printf("gaussian r=%d: %d iterations build %.1fs lambda_r=%.3g%n", r, qr.iterations(), bs, q.eigenvalues()[r-1]);
      }
    }
  }
}
