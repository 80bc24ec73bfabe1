package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchResult;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.spark.SparkSessions;

/**
 * MLlib's MLP runs under widenet's Kryo settings (registration required) on a tiny shape, one
 * gradient job per iteration, and its row carries the iteration count and shipped bytes.
 */
class MllibPeerTest {
  private static SparkSession session;

  @BeforeAll
  static void start() {
    session = SparkSessions.create("mllib peer test", "local[2]", Map.of(
        "spark.kryo.classesToRegister", String.join(",", MllibPeer.KRYO_CLASSES),
        "spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    session.stop();
  }

  @Test
  void fitsATinyMlpAndTimesEveryIteration() {
    Dataset data = SyntheticSpec.parse("sphere:n=40,d=5,target=random,seed=1").generate();
    MllibPeer.Outcome o = new MllibPeer(session, 120, Runtime.getRuntime().maxMemory())
        .fit(data, 30, 7);
    assertNotNull(o.fit(), o::reason);
    // One gradient job per iteration (Spark 4.1 runs one more than maxIter).
    assertTrue(o.fit().jobEndMillis().size() >= 7, o.fit().jobEndMillis()::toString);
    assertEquals(MllibPeer.weights(5, 30), o.fit().weights());
    assertEquals(6 * 30 + 2 * 31, o.fit().weights());
    BenchCase peer = PeerRows.peerCase(PeerRows.MLLIB,
        BenchCase.of("relu2-gd", Kind.GD, 40, 5, 30));
    BenchResult row = PeerRows.mllib(peer, o, 2, 5, "spark local[2]", 1e9);
    assertTrue(row.ok(), row.status());
    assertEquals(5, row.timing().count());
    assertEquals(8L * o.fit().weights() * (1 + o.fit().partitions()), row.shippedBytes());
  }

  @Test
  void aFitOverTheTimeLimitIsSkipped() {
    Dataset data = SyntheticSpec.parse("sphere:n=40,d=5,target=random,seed=1").generate();
    MllibPeer.Outcome o = new MllibPeer(session, 0.001, Runtime.getRuntime().maxMemory())
        .fit(data, 30, 1000);
    assertEquals(null, o.fit());
    assertTrue(o.reason().startsWith("skipped: over the MLlib peer's time limit"),
        o.reason());
  }

  @Test
  void guardsNameWhatDoesNotFit() {
    assertEquals(null, MllibPeer.tooBig(784, 10_000, 2, 4L << 30, 1L << 30));
    String heap = MllibPeer.tooBig(784, 100_000, 2, 4L << 30, 0);
    assertTrue(heap.contains("GiB of heap") && heap.contains("-Xmx"), heap);
    String results = MllibPeer.tooBig(784, 100_000, 2, 64L << 30, 1L << 30);
    assertTrue(results.contains("spark.driver.maxResultSize"), results);
    String array = MllibPeer.tooBig(784, 10_000_000, 2, 1L << 40, 0);
    assertTrue(array.contains("one Java array"), array);
    assertEquals(List.of(1.0, 2.5), PeerRows.iterationSeconds(List.of(0L, 1000L, 2000L, 4500L),
        2));
  }
}
