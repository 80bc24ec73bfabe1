package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;

/** fit writes one progress line per iteration to the driver log (logger ProgressLog, INFO). */
class ProgressLogTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    SparkBasesTest.useSession(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Collects the messages of one logger. */
  private static final class Lines extends AbstractAppender {
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    Lines() {
      super("progress-lines", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      messages.add(event.getMessage().getFormattedMessage());
    }
  }

  @Test
  void fitLogsEveryIteration() {
    Logger logger = (Logger) LogManager.getLogger(ProgressLog.class);
    Level before = logger.getLevel();
    Lines lines = new Lines();
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.INFO);
    try {
      new WideNetRegressor().setLabelCol("label").setScaleLabels(true).setWidth(20)
          .setMaxIter(3).setNumBlocks(2).fit(SparkBasesTest.threeClasses(20, 1));
    } finally {
      logger.removeAppender(lines);
      logger.setLevel(before);
    }
    List<String> progress = lines.messages.stream().filter(m -> m.contains("iteration"))
        .toList();
    assertEquals(4, progress.size(), lines.messages.toString());
    assertTrue(progress.get(3).startsWith("WideNetRegressor relu2 gd: iteration 3/3, loss "),
        progress.get(3));
  }
}
