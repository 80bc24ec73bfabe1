package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The security and serializer defaults of widenet's Spark session: an embedded (local) run binds
 * to loopback with the web UI off, Kryo is the serializer with registration required, and every
 * setting the user made explicitly wins.
 */
class SparkSessionsTest {
  private static final String LOOPBACK = "127.0.0.1";

  private static SparkConf local(Map<String, String> extra) {
    return SparkSessions.configure("widenet-test", "local[2]", extra);
  }

  @Test
  void aLocalMasterBindsToLoopbackWithTheUiOff() {
    for (String master : List.of("local", "local[2]", "local[*]", "local-cluster[2,1,1024]")) {
      SparkConf conf = SparkSessions.configure("widenet-test", master, Map.of());
      assertEquals(LOOPBACK, conf.get("spark.driver.host"), master);
      assertEquals(LOOPBACK, conf.get("spark.driver.bindAddress"), master);
      assertEquals("false", conf.get("spark.ui.enabled"), master);
    }
  }

  @Test
  void aClusterMasterKeepsSparksOwnAddressesAndUi() {
    SparkConf conf = SparkSessions.configure("widenet-test", "spark://master:7077", Map.of());
    assertFalse(conf.contains("spark.driver.host"), "a cluster must reach the driver");
    assertFalse(conf.contains("spark.driver.bindAddress"));
    assertFalse(conf.contains("spark.ui.enabled"));
  }

  @Test
  void kryoWithWidenetsRegistratorAndRegistrationRequired() {
    for (String master : List.of("local[2]", "spark://master:7077")) {
      SparkConf conf = SparkSessions.configure("widenet-test", master, Map.of());
      assertEquals(KryoSerializer.class.getName(), conf.get("spark.serializer"), master);
      assertEquals(WidenetKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"),
          master);
      assertEquals("true", conf.get("spark.kryo.registrationRequired"), master);
    }
  }

  @Test
  void settingsGivenWithSparkConfWin() {
    SparkConf conf = local(Map.of("spark.ui.enabled", "true", "spark.driver.bindAddress",
        "0.0.0.0", "spark.driver.host", "driver.example.org",
        "spark.kryo.registrationRequired", "false"));
    assertEquals("true", conf.get("spark.ui.enabled"));
    assertEquals("0.0.0.0", conf.get("spark.driver.bindAddress"));
    assertEquals("driver.example.org", conf.get("spark.driver.host"));
    assertEquals("false", conf.get("spark.kryo.registrationRequired"));
  }

  @Test
  void settingsGivenToSparkSubmitWin() {
    // spark-submit --conf reaches the application as spark.* system properties.
    Map<String, String> given = Map.of("spark.ui.enabled", "true", "spark.driver.bindAddress",
        "0.0.0.0", "spark.serializer", "org.apache.spark.serializer.JavaSerializer");
    given.forEach(System::setProperty);
    try {
      SparkConf conf = local(Map.of());
      given.forEach((key, value) -> assertEquals(value, conf.get(key), key));
      assertEquals(LOOPBACK, conf.get("spark.driver.host"), "what was not given stays");
    } finally {
      given.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void theEmbeddedSessionRunsOnLoopbackWithoutAUiAndWithKryo() {
    SparkSession spark = SparkSessions.create("widenet-test", "local[1]", Map.of());
    try {
      SparkContext sc = spark.sparkContext();
      assertTrue(sc.uiWebUrl().isEmpty(), "no web UI server was started");
      assertEquals(LOOPBACK, sc.getConf().get("spark.driver.host"));
      assertEquals(LOOPBACK, sc.getConf().get("spark.driver.bindAddress"));
      // The block manager's address, host:port.
      assertFalse(sc.getExecutorMemoryStatus().isEmpty());
      sc.getExecutorMemoryStatus().keys().foreach(address -> {
        assertTrue(address.startsWith(LOOPBACK + ":"), address);
        return null;
      });
      assertTrue(SparkEnv.get().serializer() instanceof KryoSerializer);
    } finally {
      spark.stop();
    }
  }
}
