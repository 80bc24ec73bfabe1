import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchEngine;
import org.widenet.bench.BenchReport;
import org.widenet.bench.BenchResult;
import org.widenet.bench.BlasProbe;
import org.widenet.bench.CaseRunner;
import org.widenet.bench.Machine;
import org.widenet.spark.SparkSessions;

/** One-off: the deep-last memory row at n = 1000, m = args[1], as `bench` runs it. */
public class DeepMemRow {
  public static void main(String[] args) {
    Path out = Path.of(args[0]);
    long m = Long.parseLong(args[1]);
    Map<String, String> conf = new HashMap<>();
    conf.put("spark.executor.metrics.pollingInterval", "100ms");
    SparkSession session = SparkSessions.create("widenet bench", null, conf);
    try {
      BenchEngine engines = BenchEngine.spark(JavaSparkContext.fromSparkContext(
          session.sparkContext()));
      CaseRunner runner = new CaseRunner(engines, new BlasProbe(0.25, 3), 0, 5, null,
          System.err);
      BenchResult r = runner.run(BenchCase.of(BenchCase.Net.DEEP_LAST, BenchCase.Kind.GN, 1000,
          784, m));
      System.out.print(BenchReport.table(List.of(r)));
      try {
        java.nio.file.Files.createDirectories(out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      BenchReport.write(out, List.of(r), Machine.current());
    } finally {
      session.stop();
    }
  }
}
