package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.widenet.cluster.ClusterTraining.Run;

/**
 * A Spark standalone cluster of separate processes (a Master and two Workers with one core
 * each, every executor a child JVM of its Worker), all on 127.0.0.1: training on it gives the
 * same losses and weights as an embedded {@code local[2]} run, bit for bit, and still does when
 * a whole Worker (the Worker JVM and its executor) is killed with SIGKILL while an iteration's
 * job is running; training then finishes on the remaining Worker.
 *
 * <p>Killing a Worker makes the Master drop it and Spark forget the map outputs of every
 * executor on its host; here every executor shares 127.0.0.1, so the surviving executor's
 * outputs are recomputed too. The tests run in order: the kill leaves one Worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static Path dir;
  private static Run embedded;
  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static String appId;

  @BeforeAll
  static void start() {
    dir = ClusterFixture.freshDir("standalone");
    // The reference first, embedded: one SparkContext per JVM at a time.
    SparkSession local = ClusterFixture.startSession(
        ClusterFixture.conf("local[2]", "widenet-standalone-reference"), 0);
    try {
      embedded = ClusterTraining.train(local, dir.resolve("embedded"), record -> {});
    } finally {
      local.stop();
    }
    cluster = new StandaloneCluster(dir);
    cluster.start(2, 1, "1g");
    spark = ClusterFixture.startSession(ClusterFixture.conf(cluster.masterUrl(),
        "widenet-standalone").set("spark.executor.memory", "512m"), 2);
    appId = spark.sparkContext().applicationId();
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void trainingOnTheStandaloneClusterMatchesEmbedded() {
    // One executor per Worker, each a child process of its Worker.
    List<ProcessHandle> executors = ClusterFixture.executorProcesses(appId);
    assertEquals(2, executors.size(), "executor JVMs of " + appId);
    Set<Integer> workers = executors.stream().map(cluster::workerOf).collect(Collectors.toSet());
    assertEquals(Set.of(0, 1), workers, "one executor under each Worker");

    Run run = ClusterTraining.train(spark, dir.resolve("standalone"), record -> {});
    ClusterTraining.assertIdentical(embedded, run);
  }

  @Test
  @Order(2)
  void killingAWorkerDuringAnIterationChangesNothing() {
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    int[] killedWorker = {-1};
    KillDuringIteration killer = new KillDuringIteration(ClusterTraining.context(spark), 7,
        executor -> {
          int worker = cluster.workerOf(ClusterFixture.executorProcess(appId, executor));
          cluster.killWorker(worker);
          killedWorker[0] = worker;
        });
    spark.sparkContext().addSparkListener(killer);
    Run disturbed;
    try {
      disturbed = ClusterTraining.train(spark, dir.resolve("kill-worker-during-7"), killer);
      killer.assertKilledInFlight();
    } finally {
      killer.clearTag();
      spark.sparkContext().removeSparkListener(killer);
    }
    System.out.println("StandaloneClusterIT: killed worker " + killedWorker[0]
        + " (with executor " + killer.killedExecutor() + ") during iteration 7; Spark redid "
        + killer.recoveries());
    assertFalse(cluster.worker(killedWorker[0]).isAlive(), "the Worker is dead");
    // Training finished on the other Worker's executor alone.
    ClusterFixture.awaitExecutors(spark.sparkContext(), 1);
    ClusterTraining.assertIdentical(embedded, disturbed);
  }
}
