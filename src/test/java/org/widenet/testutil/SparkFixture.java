package org.widenet.testutil;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.spark.SparkSessions;

/**
 * The Spark session for tests: local[2], loopback, no UI, small memory, Kryo with registration
 * required. Each test class starts one in @BeforeAll and stops it in @AfterAll.
 */
public final class SparkFixture {
  private SparkFixture() {}

  public static SparkSession start() {
    return start(true);
  }

  /**
   * @param registrationRequired false only where Spark's own code ships classes of its own
   *     that nobody registers (e.g. BinaryClassificationEvaluator's internals)
   */
  public static SparkSession start(boolean registrationRequired) {
    return start(registrationRequired, "local[2]");
  }

  /** The test session on another local master, e.g. local[4] for four task slots. */
  public static SparkSession start(String master) {
    return start(true, master);
  }

  private static SparkSession start(boolean registrationRequired, String master) {
    SparkConf conf = new SparkConf()
        .setMaster(master)
        .setAppName("widenet-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.kryo.registrationRequired", String.valueOf(registrationRequired));
    SparkSessions.applyDefaults(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  public static JavaSparkContext context(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }
}
