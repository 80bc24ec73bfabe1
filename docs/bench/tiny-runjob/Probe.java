import java.util.*;
import org.apache.spark.api.java.*;
import org.apache.spark.sql.SparkSession;
import org.widenet.bench.*;
import org.widenet.data.Dataset;
import org.widenet.model.*;
import org.widenet.spark.*;

/**
 * One-off: per-iteration time of the tiny case (100, 10, 1000) over args[0] iterations of
 * SparkEngine.advance on local[*], Spark's task metrics over the second half, then as many bare
 * two-task count() jobs on a cached RDD. Run from the repository root after
 * `mvn -B -q -o -DskipTests package`, with the JVM flags of scripts/widenet:
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g &lt;the --add-opens and
 *   --add-modules flags of scripts/widenet&gt; \
 *   -cp "target/widenet-0.1.0.jar:$(cat target/local-classpath.txt)" \
 *   docs/bench/tiny-runjob/Probe.java 300
 * </pre>
 * For the profile add -XX:StartFlightRecording=filename=probe.jfr,settings=profile.
 */
public class Probe {
  static double med(List<Double> v) { List<Double> s = new ArrayList<>(v); Collections.sort(s); return s.get(s.size()/2); }
  static String stats(List<Double> v, int from, int to) { return String.format(Locale.ROOT, "median %.1f ms (iterations %d..%d)", med(v.subList(from, to)), from + 1, to); }
  public static void main(String[] a) throws Exception {
    int iters = Integer.parseInt(a[0]);
    SparkSession session = SparkSessions.create("probe", null, new HashMap<>());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
    BenchCase c = BenchCase.of("tiny", BenchCase.Kind.GD, 100, 10, 1000);
    Dataset data = CaseRunner.data(c);
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 1000, 1.0, 0L, false);
    List<Double> eng = new ArrayList<>();
    final double[] acc = new double[8];
    final boolean[] on = {false};
    final Map<Integer, Long> jobStart = new HashMap<>();
    jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override public synchronized void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
        if (!on[0]) return;
        org.apache.spark.executor.TaskMetrics m = e.taskMetrics();
        acc[0] += m.executorDeserializeTime(); acc[1] += m.executorRunTime(); acc[2] += m.resultSerializationTime();
        acc[3] += e.taskInfo().gettingResultTime() > 0 ? e.taskInfo().finishTime() - e.taskInfo().gettingResultTime() : 0;
        acc[4] += e.taskInfo().duration(); acc[5] += 1;
      }
      @Override public synchronized void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) { jobStart.put(e.jobId(), e.time()); }
      @Override public synchronized void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
        if (!on[0]) return;
        acc[6] += e.time() - jobStart.get(e.jobId()); acc[7] += 1;
      }
    });
    try (SparkEngine e = new SparkEngine(jsc, spec, 2, data.x(), 100, 10, SparkEngine.Options.defaults())) {
      BlockPartial sum = (BlockPartial) e.advance(null, false, 0);
      for (int t = 1; t <= iters; t++) {
        double[] r = new double[100];
        for (int i = 0; i < 100; i++) r[i] = spec.outputScale() * sum.u()[i] - data.y()[i];
        on[0] = t > iters / 2;
        long b = System.nanoTime();
        sum = (BlockPartial) e.advance(new Step(r, spec.outputScale() / 100), false, t);
        eng.add((System.nanoTime() - b) / 1e6);
      }
    }
    System.out.println("engine.advance tiny: " + stats(eng, 2, 32) + "; " + stats(eng, iters / 2, iters));
    jsc.sc().listenerBus().waitUntilEmpty(10000);
    on[0] = false;
    System.out.printf(Locale.ROOT, "per task (mean ms): deserialize %.2f, run %.2f, result serialization %.2f, getting result %.2f, duration %.2f; per job start->end %.2f ms (%d jobs)%n",
        acc[0]/acc[5], acc[1]/acc[5], acc[2]/acc[5], acc[3]/acc[5], acc[4]/acc[5], acc[6]/acc[7], (int) acc[7]);
    JavaRDD<Integer> cached = jsc.parallelize(List.of(0, 1), 2).cache();
    cached.count();
    List<Double> bare = new ArrayList<>();
    for (int t = 0; t < iters; t++) {
      long b = System.nanoTime();
      cached.count();
      bare.add((System.nanoTime() - b) / 1e6);
    }
    System.out.println("bare 2-task job:     " + stats(bare, 2, 32) + "; " + stats(bare, iters / 2, iters));
    session.stop();
  }
}
