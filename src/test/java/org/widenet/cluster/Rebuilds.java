package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.widenet.spark.SparkEngine;

/**
 * Collects the Spark engine's "rebuilt from SOURCE by replaying N steps" warnings in the driver
 * (this JVM) while open, so that a test can check which rebuild path a kill took: from the seed
 * ("init") before the first checkpoint, from the newest checkpoint's block files after it.
 */
final class Rebuilds extends Handler implements AutoCloseable {
  // Held here: java.util.logging keeps loggers only weakly.
  private final Logger logger = Logger.getLogger(SparkEngine.class.getName());
  private final List<String> messages = new CopyOnWriteArrayList<>();

  Rebuilds() {
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.contains("rebuilt from")) {
      messages.add(message);
    }
  }

  /**
   * The engine rebuilt lost blocks at least once, every time from the source it had after
   * {@code stepsApplied} steps with a checkpoint every {@code every} steps: the seed before
   * the first checkpoint, else the block files of the newest one.
   */
  void assertRebuiltFrom(int stepsApplied, int every, String what) {
    int checkpoint = stepsApplied / every * every;
    String source = checkpoint == 0 ? "rebuilt from init by"
        : String.format("/step-%06d by", checkpoint);
    assertTrue(!messages.isEmpty(), what + ": no lost block was rebuilt");
    for (String m : messages) {
      assertTrue(m.contains(source), what + ": expected a rebuild from "
          + (checkpoint == 0 ? "the seed" : "the checkpoint of step " + checkpoint) + ", got: "
          + m);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
