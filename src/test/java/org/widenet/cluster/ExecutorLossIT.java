package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.cluster.ClusterTraining.Run;

/**
 * A real multi-JVM cluster ({@code local-cluster[2,1,1024]}: the executors are separate
 * JVMs): one executor JVM is killed with SIGKILL in the middle of training, once between two
 * iterations and once while an iteration's job is running, and the loss curve and the saved
 * weights must be bit-identical to an undisturbed run. Lost blocks are rebuilt from the last
 * checkpoint and the lineage of broadcast steps, lost partial sums are recomputed, and the
 * driver sums partials in block order, so nothing depends on which executor ran what.
 */
class ExecutorLossIT {
  private static SparkSession spark;
  private static String appId;
  private static Path dir;
  private static Run undisturbed;

  @BeforeAll
  static void start() {
    dir = ClusterFixture.freshDir("executor-loss");
    spark = ClusterFixture.startSession(
        ClusterFixture.conf(ClusterFixture.LOCAL_CLUSTER, "widenet-executor-loss"), 2);
    appId = spark.sparkContext().applicationId();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
      // An executor that outlived the context (it should not) must not outlive the test.
      ClusterFixture.executorProcesses(appId).forEach(ClusterFixture::destroyTree);
    }
  }

  /** The reference run, trained once per class on the same cluster, nothing killed. */
  private static synchronized Run undisturbed() {
    if (undisturbed == null) {
      ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
      undisturbed = ClusterTraining.train(spark, dir.resolve("undisturbed"), record -> {});
    }
    return undisturbed;
  }

  @Test
  void killingAnExecutorBetweenIterationsChangesNothing() {
    Run expected = undisturbed();
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    List<ProcessHandle> executors = ClusterFixture.executorProcesses(appId);
    assertEquals(2, executors.size(), "two executor JVMs of " + appId);
    Run disturbed = ClusterTraining.train(spark, dir.resolve("kill-after-5"), record -> {
      if (record.iteration() == 5) {
        ClusterFixture.kill(List.of(executors.get(0)));
      }
    });
    ClusterTraining.assertIdentical(expected, disturbed);
  }

  @Test
  void killingAnExecutorDuringAnIterationChangesNothing() {
    Run expected = undisturbed();
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    KillDuringIteration killer = new KillDuringIteration(
        ClusterTraining.context(spark), 7,
        executor -> ClusterFixture.kill(List.of(ClusterFixture.executorProcess(appId, executor))));
    spark.sparkContext().addSparkListener(killer);
    Run disturbed;
    try {
      disturbed = ClusterTraining.train(spark, dir.resolve("kill-during-7"), killer);
      killer.assertKilledInFlight();
    } finally {
      killer.clearTag();
      spark.sparkContext().removeSparkListener(killer);
    }
    System.out.println("ExecutorLossIT: killed executor " + killer.killedExecutor()
        + " during iteration 7; Spark redid " + killer.recoveries());
    ClusterTraining.assertIdentical(expected, disturbed);
  }
}
