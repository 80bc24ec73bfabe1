package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Kills an executor while the Spark job of training iteration k is running: as soon as the
 * first task of that job starts, {@code kill} gets the id of the executor running it.
 *
 * <p>It is both a {@link TrainingListener}, which tags the jobs of iteration k (a thread-local
 * Spark property set after iteration k-1 and cleared after k; the trainer submits jobs from
 * the thread that calls it), and a {@link SparkListener}, which maps tagged jobs to their stages
 * and fires on the first task start in them. Afterwards {@link #assertKilledInFlight()} checks
 * that Spark did have to recover inside that job: a task of it failed (the executor was lost
 * under it, or a fetch of its lost map output failed) or one of its stages was resubmitted.
 */
final class KillDuringIteration extends SparkListener implements TrainingListener {
  private static final String PROPERTY = "widenet.test.iteration";

  private final JavaSparkContext jsc;
  private final int iteration;
  private final Consumer<String> kill;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean fired = new AtomicBoolean();
  private final List<String> recoveries = new CopyOnWriteArrayList<>();
  private volatile String killedExecutor;
  private volatile Throwable error;

  /**
   * @param iteration k >= 1 (iteration 0 only computes; kill inside a job that applies a step)
   * @param kill kills the executor with this id (called on Spark's listener thread)
   */
  KillDuringIteration(JavaSparkContext jsc, int iteration, Consumer<String> kill) {
    this.jsc = jsc;
    this.iteration = iteration;
    this.kill = kill;
  }

  @Override
  public void onIteration(IterationRecord record) {
    afterIteration(record.iteration());
  }

  /**
   * Called after training iteration t's record, from the thread that trains (for the families
   * whose listeners are not {@link TrainingListener}s).
   */
  void afterIteration(int t) {
    if (t == iteration - 1) {
      jsc.setLocalProperty(PROPERTY, String.valueOf(iteration));
    } else if (t == iteration) {
      clearTag();
    }
  }

  /** Removes the tag from this thread (call after training, also when it failed). */
  void clearTag() {
    jsc.setLocalProperty(PROPERTY, null);
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    if (String.valueOf(iteration).equals(event.properties().getProperty(PROPERTY))) {
      for (Object stage : CollectionConverters.asJava(event.stageIds())) {
        stages.add((Integer) stage);
      }
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart event) {
    if (stages.contains(event.stageId()) && fired.compareAndSet(false, true)) {
      String executor = event.taskInfo().executorId();
      try {
        kill.accept(executor);
        killedExecutor = executor;
      } catch (Throwable t) {
        error = t;
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (stages.contains(event.stageId()) && !(event.reason() instanceof Success$)) {
      recoveries.add("stage " + event.stageId() + " task " + event.taskInfo().index()
          + " on executor " + event.taskInfo().executorId() + ": "
          + event.reason().getClass().getSimpleName());
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    if (stages.contains(event.stageInfo().stageId()) && event.stageInfo().attemptNumber() > 0) {
      recoveries.add("stage " + event.stageInfo().stageId() + " resubmitted, attempt "
          + event.stageInfo().attemptNumber());
    }
  }

  /**
   * The kill happened in iteration k's job and Spark recovered inside that job. Waits briefly:
   * Spark's listener events arrive asynchronously.
   */
  void assertKilledInFlight() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recoveries.isEmpty() && System.nanoTime() < deadline) {
      ClusterFixture.sleep(50);
    }
    if (error != null) {
      fail("killing the executor failed", error);
    }
    assertTrue(fired.get(), "no task of iteration " + iteration + "'s job started");
    assertTrue(killedExecutor != null, "the executor was killed");
    assertTrue(!recoveries.isEmpty(), "killing executor " + killedExecutor + " when iteration "
        + iteration + "'s first task started did not fail any task of that job: the job had "
        + "finished before the kill took effect");
  }

  /** What Spark redid in iteration k's job (for messages). */
  List<String> recoveries() {
    return List.copyOf(recoveries);
  }

  String killedExecutor() {
    return killedExecutor;
  }
}
