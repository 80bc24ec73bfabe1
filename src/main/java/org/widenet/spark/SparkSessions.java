package org.widenet.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
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
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
