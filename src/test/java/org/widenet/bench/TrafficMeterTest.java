package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;
import scala.Tuple2;

/**
 * The meter's accounting on jobs whose payloads are known: task results, broadcasts and
 * shuffles each show up as the bytes put in them, on top of a fixed per-job cost that two
 * otherwise identical jobs share.
 */
class TrafficMeterTest {
  /**
   * Per task, what two otherwise identical tasks' results may differ by: Kryo's length prefix
   * of the byte[] and the task's metric updates, which Spark sends only where non-zero (run
   * times, GC time, ...), so their count and encoded width vary from task to task.
   */
  private static final long FRAMING = 1024;

  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static TrafficMeter meter;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
    meter = TrafficMeter.attach(jsc.sc());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static TrafficMeter.Bytes now() {
    TrafficMeter.drain(jsc.sc());
    return meter.totals();
  }

  /** Two tasks, each returning {@code size} bytes; the traffic of that one job. */
  private static TrafficMeter.Bytes resultsOf(int size) {
    TrafficMeter.Bytes before = now();
    List<byte[]> out = jsc.parallelize(List.of(0, 1), 2).map(i -> new byte[size]).collect();
    assertEquals(2, out.size());
    return now().minus(before);
  }

  @Test
  void taskResultsAreTheirSerializedSize() {
    resultsOf(0); // the first job of a session pays for class loading in its metrics too
    TrafficMeter.Bytes empty = resultsOf(0);
    TrafficMeter.Bytes full = resultsOf(100_000);
    assertEquals(1, full.jobs());
    assertEquals(2, full.tasks());
    double added = full.results() - empty.results();
    assertTrue(added >= 2 * 100_000 && added <= 2 * (100_000 + FRAMING),
        "2 x 100000 bytes of results measured as " + added);
    assertEquals(0, full.shuffleWritten());
    assertEquals(0, full.fetched(), "local[2] executors share the driver's block manager");
    assertEquals(full.total(), full.results() + full.broadcast(), 0.0);
  }

  @Test
  void broadcastsCountTheirSerializedPiecesOnceAndRemovalsNothing() {
    byte[] noise = new byte[300_000];
    new SplittableRandom(3).nextBytes(noise); // incompressible, so the pieces hold it all
    broadcastJob(null);
    TrafficMeter.Bytes plain = broadcastJob(null);
    TrafficMeter.Bytes before = now();
    Broadcast<byte[]> b = jsc.broadcast(noise);
    broadcastJob(b);
    TrafficMeter.Bytes with = now().minus(before);
    double added = with.broadcast() - plain.broadcast();
    assertTrue(added >= 300_000 && added <= 300_000 * 1.01 + 1024,
        "a broadcast of 300000 random bytes measured as " + added);
    TrafficMeter.Bytes beforeDestroy = now();
    b.destroy();
    assertEquals(0, now().minus(beforeDestroy).broadcast());
  }

  /** A job that reads the broadcast (or nothing), returning one int per task; its traffic. */
  private static TrafficMeter.Bytes broadcastJob(Broadcast<byte[]> b) {
    TrafficMeter.Bytes before = now();
    List<Integer> out = jsc.parallelize(List.of(0, 1), 2)
        .map(i -> b == null ? i : b.value().length + i).collect();
    assertEquals(2, out.size());
    return now().minus(before);
  }

  @Test
  void shufflesCountWhatTheMapSideWrote() {
    TrafficMeter.Bytes before = now();
    long groups = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 2)
        .mapToPair(i -> {
          byte[] noise = new byte[10_000];
          new SplittableRandom(i).nextBytes(noise); // incompressible
          return new Tuple2<>(i % 2, noise);
        }).groupByKey(2).count();
    assertEquals(2, groups);
    TrafficMeter.Bytes job = now().minus(before);
    assertTrue(job.shuffleWritten() >= 8 * 10_000 && job.shuffleWritten() <= 8 * 10_000 * 1.1,
        "8 x 10000 bytes shuffled measured as " + job.shuffleWritten());
    assertEquals(job.shuffleWritten(), job.shuffleRead(), 0.0);
    assertEquals(4, job.tasks(), "2 map and 2 reduce tasks");
  }
}
