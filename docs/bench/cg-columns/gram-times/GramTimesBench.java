import org.widenet.data.*;
import org.widenet.model.*;
import java.util.Random;
/** One block's matrix-free product J_b J_b^T v, timed: java GramTimesBench n d m reps [relu2|exp2]. */
public class GramTimesBench {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]), m = Integer.parseInt(a[2]);
    int reps = Integer.parseInt(a[3]);
    String fam = a.length > 4 ? a[4] : "relu2";
    Dataset data = SyntheticSpec.parse("sphere:n=" + n + ",d=" + d + ",target=random,seed=1").generate();
    NetworkSpec spec = new NetworkSpec(fam.equals("relu2") ? ModelFamily.RELU2 : ModelFamily.EXP2, m, 1.0, 1, false);
    NeuronBlock block = NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, d);
    double[] res = new double[n];
    Random rnd = new Random(3);
    for (int i = 0; i < n; i++) res[i] = rnd.nextGaussian();
    block = BlockStepper.advance(block, spec, data.x(), n, new Step(res, 1e-3 * spec.outputScale()), false);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
    double s = 0;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      double[] out = GramProducts.jacobianGramTimes(block, spec, data.x(), n, v);
      long t1 = System.nanoTime();
      s += out[0];
      System.out.printf("rep %d: %.1f ms  out[0]=%.17g  flops-rate %.2f GF/s%n", r, (t1 - t0) / 1e6, out[0], 4.0 * n * d * m / ((t1 - t0)));
    }
  }
}
