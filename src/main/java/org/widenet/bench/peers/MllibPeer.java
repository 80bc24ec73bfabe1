package org.widenet.bench.peers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.bench.PeakMemory;
import org.widenet.bench.TrafficMeter;
import org.widenet.data.Dataset;

/**
 * Fits Spark MLlib's MultilayerPerceptronClassifier with layers [d, m, 2] on the bench's data
 * (label 1 where the target is positive, else 0) and times its iterations.
 *
 * <p>Solver "gd" (full-batch gradient descent, tol 0 so it never stops early), the closest
 * MLlib gets to widenet's GD step; its hidden layer is a sigmoid, not a ReLU. Every iteration is
 * one Spark job (Spark 4.1's gd solver runs maxIter + 1 of them; the extra ones are not timed):
 * the driver broadcasts all (d + 1) m + 2 (m + 1) weights, each partition returns
 * a full gradient of the same size, the driver updates. An iteration's time is the gap between
 * the ends of consecutive gradient jobs (taken from Spark's own job-end events), so it covers
 * the broadcast, the job and the driver's update; the fit's setup (data conversion, caching,
 * the count) is not in it.
 *
 * <p>Guards: a width whose weights do not fit one Java array, whose copies would not fit the
 * heap, or whose gradients would exceed spark.driver.maxResultSize is skipped before it starts;
 * a fit running past the time limit is cancelled (its Spark job group) and reported as skipped.
 */
public final class MllibPeer {
  /**
   * The classes MLlib's MLP ships that widenet's Kryo registrator does not register: add them to
   * spark.kryo.classesToRegister, since spark.kryo.registrationRequired is on.
   */
  public static final List<String> KRYO_CLASSES = List.of("breeze.linalg.DenseVector$mcD$sp");

  private static final String GRADIENT_CALL = "treeAggregate";

  private final SparkSession session;
  private final double limitSeconds;
  private final long maxHeapBytes;

  /**
   * @param limitSeconds wall-time limit of one fit
   * @param maxHeapBytes the heap the driver may use (Runtime.maxMemory)
   */
  public MllibPeer(SparkSession session, double limitSeconds, long maxHeapBytes) {
    this.session = session;
    this.limitSeconds = limitSeconds;
    this.maxHeapBytes = maxHeapBytes;
  }

  /**
   * A fit's measurements.
   *
   * @param jobEndMillis the end times of its gradient jobs, one per iteration, in order
   * @param fitSeconds the whole fit's wall time
   * @param partitions the data's partitions (gradients returned per iteration)
   * @param weights the network's parameter count, (d + 1) m + 2 (m + 1)
   * @param peakHeapBytes the driver's peak heap during the fit (executors included in local
   *     mode), -1 when not measured
   * @param trafficAtEnds the {@link TrafficMeter} totals at the end of each gradient job (in
   *     the order of jobEndMillis), empty when not measured
   */
  public record Fit(List<Long> jobEndMillis, double fitSeconds, int partitions, long weights,
      long peakHeapBytes, List<TrafficMeter.Bytes> trafficAtEnds) {
    public Fit {
      jobEndMillis = List.copyOf(jobEndMillis);
      trafficAtEnds = List.copyOf(trafficAtEnds);
    }

    /** A fit without traffic measurements. */
    public Fit(List<Long> jobEndMillis, double fitSeconds, int partitions, long weights,
        long peakHeapBytes) {
      this(jobEndMillis, fitSeconds, partitions, weights, peakHeapBytes, List.of());
    }

    /**
     * The traffic of iterations warmup, ..., warmup + iterations - 1 (those timed by {@link
     * PeerRows#iterationSeconds}: from the end of gradient job warmup - 1 to the end of the
     * last), per iteration; null when not measured.
     */
    public TrafficMeter.Bytes trafficPerIteration(int warmup, int iterations) {
      int last = warmup + iterations - 1;
      if (warmup < 1 || iterations < 1 || trafficAtEnds.size() <= last) {
        return null;
      }
      return trafficAtEnds.get(last).minus(trafficAtEnds.get(warmup - 1)).per(iterations);
    }

    /** Bytes one iteration ships: the weights broadcast once, a gradient back per partition. */
    public long shippedBytes() {
      return 8L * weights * (1 + partitions);
    }
  }

  /** A fit, or why there is none ({@code fit} null, {@code reason} set). */
  public record Outcome(Fit fit, String reason) {}

  /** MLlib's parameter count for layers [d, m, 2]: both layers' weights and biases. */
  public static long weights(int d, long m) {
    return (d + 1L) * m + 2L * (m + 1);
  }

  /**
   * Why MLlib cannot run this width here, or null when it may: one array of weights, about
   * (6 + 3 P) copies of them in the heap (weights, broadcast, update, and per partition the
   * gradient and its serialized and deserialized result), P gradients within maxResultSize.
   *
   * @param maxResultBytes spark.driver.maxResultSize in bytes, 0 for unlimited
   */
  public static String tooBig(int d, long m, int partitions, long maxHeapBytes,
      long maxResultBytes) {
    long w = weights(d, m);
    double gib = 1024.0 * 1024 * 1024;
    if (w > Integer.MAX_VALUE - 8) {
      return String.format(Locale.ROOT, "MLlib holds all %d weights in one Java array (at most "
          + "2^31 - 1)", w);
    }
    double need = (6.0 + 3 * partitions) * 8 * w;
    if (need > maxHeapBytes) {
      return String.format(Locale.ROOT, "MLlib would need about %.1f GiB of heap for (6 + 3 x "
          + "%d partitions) copies of its %.2f GiB of weights, the JVM has %.1f GiB; run with "
          + "WIDENET_JAVA_OPTS=-Xmx%dg", need / gib, partitions, 8.0 * w / gib,
          maxHeapBytes / gib, (long) Math.ceil(need / gib) + 1);
    }
    double results = 8.0 * w * partitions;
    if (maxResultBytes > 0 && results > maxResultBytes) {
      return String.format(Locale.ROOT, "MLlib would return %.2f GiB of gradients per iteration"
          + ", over spark.driver.maxResultSize (%.2f GiB)", results / gib, maxResultBytes / gib);
    }
    return null;
  }

  /**
   * Fits with {@code iterations} gradient-descent iterations (at least 2, so one gap is timed
   * after the first) and returns the gradient jobs' end times.
   */
  public Outcome fit(Dataset data, long m, int iterations) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
    int partitions = jsc.defaultParallelism();
    long maxResult = jsc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    String tooBig = tooBig(data.d(), m, partitions, maxHeapBytes, maxResult);
    if (tooBig != null) {
      return new Outcome(null, "skipped: " + tooBig);
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>(data.n());
    for (int i = 0; i < data.n(); i++) {
      rows.add(RowFactory.create(data.y()[i] > 0 ? 1.0 : 0.0, Vectors.dense(data.row(i))));
    }
    org.apache.spark.sql.Dataset<Row> frame = session.createDataFrame(rows, schema)
        .repartition(partitions);
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {data.d(), Math.toIntExact(m), 2}).setSolver("gd")
        .setMaxIter(iterations).setTol(0.0).setSeed(0L);

    String group = "widenet-peer-mllib-" + System.nanoTime();
    TrafficMeter traffic = TrafficMeter.attach(jsc.sc());
    JobEnds ends = new JobEnds(group, traffic);
    jsc.sc().addSparkListener(ends);
    AtomicBoolean cancelled = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "widenet-mllib-peer-watchdog");
      t.setDaemon(true);
      return t;
    });
    jsc.setJobGroup(group, "widenet bench peer: MLlib MLP", true);
    // Cancelling a group stops its running jobs only, so keep at it until the fit gives up.
    watchdog.scheduleWithFixedDelay(() -> {
      cancelled.set(true);
      jsc.cancelJobGroup(group);
    }, (long) (limitSeconds * 1000), 100, TimeUnit.MILLISECONDS);
    PeakMemory.reset();
    long start = System.nanoTime();
    try {
      mlp.fit(frame);
    } catch (Exception e) {
      // Spark's exceptions are checked but thrown undeclared through Scala.
      jsc.sc().removeSparkListener(ends);
      jsc.sc().removeSparkListener(traffic);
      if (cancelled.get()) {
        return new Outcome(null, String.format(Locale.ROOT, "skipped: over the MLlib peer's "
            + "time limit of %.0f s (%d iterations done)", limitSeconds, ends.count()));
      }
      String why = e.getMessage() == null ? e.toString()
          : e.getMessage().lines().findFirst().orElse(e.toString());
      return new Outcome(null, "failed: MLlib: " + why);
    } catch (OutOfMemoryError e) {
      // The fit's arrays are unreachable once it has thrown; the bench can go on.
      jsc.sc().removeSparkListener(ends);
      jsc.sc().removeSparkListener(traffic);
      return new Outcome(null, "failed: MLlib ran out of heap (" + e.getMessage() + "); run "
          + "with a larger WIDENET_JAVA_OPTS=-Xmx");
    } finally {
      watchdog.shutdownNow();
      jsc.clearJobGroup();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = PeakMemory.peakHeapBytes();
    List<Long> times;
    List<TrafficMeter.Bytes> moved;
    try {
      times = ends.await(iterations, 10_000);
      moved = ends.traffic();
    } finally {
      jsc.sc().removeSparkListener(ends);
      jsc.sc().removeSparkListener(traffic);
    }
    return new Outcome(new Fit(times, seconds, partitions, weights(data.d(), m), peak, moved),
        null);
  }

  /**
   * Records the end times of one job group's gradient jobs (those of a treeAggregate), and the
   * traffic totals at each: the meter, added to the same listener queue first, has seen every
   * event before the job's end by then.
   */
  private static final class JobEnds extends SparkListener {
    private final String group;
    private final TrafficMeter meter;
    private final Set<Integer> gradientJobs = new HashSet<>();
    private final List<Long> ends = new ArrayList<>();
    private final List<TrafficMeter.Bytes> traffic = new ArrayList<>();

    JobEnds(String group, TrafficMeter meter) {
      this.group = group;
      this.meter = meter;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
      String g = start.properties() == null ? null
          : start.properties().getProperty("spark.jobGroup.id");
      if (!group.equals(g)) {
        return;
      }
      for (StageInfo stage : scala.jdk.javaapi.CollectionConverters.asJava(
          start.stageInfos())) {
        if (stage.name().contains(GRADIENT_CALL)) {
          gradientJobs.add(start.jobId());
          return;
        }
      }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
      if (gradientJobs.contains(end.jobId()) && end.jobResult() == JobSucceeded$.MODULE$) {
        ends.add(end.time());
        traffic.add(meter.totals());
        notifyAll();
      }
    }

    /** The traffic totals at each gradient job's end, in job order. */
    synchronized List<TrafficMeter.Bytes> traffic() {
      return new ArrayList<>(traffic);
    }

    synchronized int count() {
      return ends.size();
    }

    /** The end times once {@code expected} have arrived, or what there is after the wait. */
    synchronized List<Long> await(int expected, long millis) {
      long deadline = System.currentTimeMillis() + millis;
      while (ends.size() < expected) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      List<Long> sorted = new ArrayList<>(ends);
      sorted.sort(null);
      return sorted;
    }
  }
}
