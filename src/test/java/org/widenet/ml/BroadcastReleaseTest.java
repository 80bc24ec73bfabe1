package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;

/**
 * close() destroys every broadcast a model keeps alive: the fit's inputs and step log (which
 * its blocks' RDD reads to rebuild a lost block) and what each transform ships to the rows.
 */
class BroadcastReleaseTest {
  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    SparkBasesTest.useSession(spark);
    data = SparkBasesTest.threeClasses(40, 5).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Every broadcast in the list is destroyed: reading it on the driver fails. */
  private static void assertDestroyed(List<Broadcast<?>> broadcasts) {
    for (Broadcast<?> b : broadcasts) {
      Exception e = assertThrows(Exception.class, b::value, "broadcast " + b.id());
      assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
    }
  }

  @Test
  void closeDestroysTheFitsAndTheTransformsBroadcasts() {
    WideNetClassificationModel model = new WideNetClassifier().setWidth(40).setMaxIter(2)
        .setNumBlocks(2).fit(data.filter("label < 2"));
    ModelBroadcasts kept = model.core.broadcasts;
    assertEquals(2, kept.kept().size(), "the fit's inputs and step log");
    model.transform(data).count();
    WideNetClassificationModel streaming = model.copy(ParamMap.empty()
        .put(model.broadcastThreshold(), 0L));
    streaming.transform(data).count();
    List<Broadcast<?>> all = kept.kept();
    assertEquals(4, all.size(), "plus the weights of one transform, the outputs of the other");
    for (Broadcast<?> b : all) {
      b.value();
    }
    streaming.close();
    assertDestroyed(all);
    assertEquals(List.of(), kept.kept());
    model.close();
  }

  @Test
  void closeDestroysADriverHeldNetworksTransformBroadcasts() {
    WideNetClassificationModel model = new WideNetClassifier().setModel("softmax2")
        .setWidth(40).setMaxIter(2).setNumBlocks(2).fit(data);
    assertEquals(List.of(), model.core.broadcasts.kept(), "the fit's engine destroyed its own");
    model.transform(data).count();
    List<Broadcast<?>> all = model.core.broadcasts.kept();
    assertEquals(1, all.size());
    model.close();
    assertDestroyed(all);
  }
}
