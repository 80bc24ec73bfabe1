package org.widenet.spark;

import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * Posted on Spark's listener bus after every step that ran on resident block tasks
 * ({@link ResidentTasks}): the bytes that step moved over RPC, which no Spark metric counts.
 * Listeners see it in {@code onOtherEvent}; it is not written to Spark's event log.
 *
 * @param toExecutors the serialized update and pass sent to every block's task, summed
 * @param toDriver the serialized shares the tasks sent back, summed
 */
public record ResidentTraffic(long toExecutors, long toDriver) implements SparkListenerEvent {
  @Override
  public boolean logEvent() {
    return false;
  }
}
