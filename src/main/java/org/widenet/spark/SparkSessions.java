package org.widenet.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session widenet runs in, with its serializer settings. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The settings every widenet job needs: Kryo with widenet's registrator (registration is
   * required, so an unregistered class fails loudly instead of shipping class names) and a
   * single-threaded BLAS in executors.
   */
  public static void applyDefaults(SparkConf conf) {
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", WidenetKryoRegistrator.class.getName());
    conf.setIfMissing("spark.kryo.registrationRequired", "true");
    // One BLAS thread per task: Spark's tasks are the parallelism, and a BLAS that picks its
    // own thread count can change the summation order, so results would depend on it.
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    // A neuron block's task belongs where its block is cached (the engine updates it in
    // place): wait longer than Spark's 3 s for that executor rather than fetch a copy of the
    // weights. Not much longer: after an executor is lost, the tasks of its blocks wait this
    // long before Spark lets them run elsewhere.
    conf.setIfMissing("spark.locality.wait.process", "30s");
  }

  /**
   * Fails fast, naming the settings, when a session cannot ship widenet's blocks: they travel
   * with Kryo and widenet's registrator, which must be configured before the session starts
   * (a notebook's session too). Without them the first job fails with "not serializable
   * result: org.widenet.model.BlockPartial".
   */
  public static void requireKryo(SparkConf conf) {
    boolean kryo = "org.apache.spark.serializer.KryoSerializer".equals(
        conf.get("spark.serializer", ""));
    boolean registered = java.util.Arrays.stream(conf.get("spark.kryo.registrator", "")
        .split(",")).map(String::trim).anyMatch(WidenetKryoRegistrator.class.getName()::equals);
    if (!kryo || !registered) {
      throw new IllegalStateException("widenet needs the Spark settings spark.serializer="
          + "org.apache.spark.serializer.KryoSerializer and spark.kryo.registrator="
          + WidenetKryoRegistrator.class.getName() + "; set them before the session starts "
          + "(--conf, spark-defaults.conf or the notebook's Spark configuration)");
    }
  }

  /**
   * Gets or creates the session. When no master is configured (not under spark-submit and
   * none given), runs embedded on {@code local[*]}, bound to loopback, without the web UI
   * unless {@code spark.ui.enabled} is set.
   *
   * @param master a master URL, or null to keep what spark-submit configured
   * @param extra extra Spark settings (--spark-conf key=value), applied last
   */
  public static SparkSession create(String appName, String master, Map<String, String> extra) {
    return SparkSession.builder().config(configure(appName, master, extra)).getOrCreate();
  }

  /**
   * The settings {@link #create} starts its session with; starts nothing. Settings the user
   * made win over widenet's: spark-submit's {@code --conf} (read from system properties) and
   * {@code extra}, applied last.
   */
  static SparkConf configure(String appName, String master, Map<String, String> extra) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    }
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    applyDefaults(conf);
    extra.forEach(conf::set);
    return conf;
  }

  /**
   * Whether engines made now on {@code jsc} run their steps on resident block tasks: the
   * setting {@code spark.widenet.residentTasks}, true unless set otherwise (a local property of
   * the calling thread wins over the Spark configuration).
   */
  public static boolean residentTasksAsked(JavaSparkContext jsc) {
    return ResidentTasks.enabled(jsc);
  }
}
