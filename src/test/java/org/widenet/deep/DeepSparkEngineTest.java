package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;
import org.widenet.testutil.SparkFixture;

/** The Spark engine against the local engine: the same bits, block sums in id order. */
class DeepSparkEngineTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void sparkEngineMatchesLocalEngineBitForBit() {
    int n = 12;
    int d = 5;
    Dataset data = Problems.sphere(n, d, "random", 21);
    DeepSpec spec = DeepSpec.withAlpha(d, 96, 3, 0.1, 4);
    SparseColumns x = LayerPass.inputs(n, d, data.x());
    DeepLocalEngine local = new DeepLocalEngine(spec, 5, x);
    try (DeepSparkEngine distributed = new DeepSparkEngine(jsc, spec, 5, x, 2)) {
      assertEquals(local.frozen().v(), distributed.frozen().v());
      assertArrayEquals(local.kv(), distributed.kv());
      double[] step = null;
      for (int t = 0; t < 4; t++) {
        SketchRequest sketch = new SketchRequest(t % 2 == 0 ? GnMethod.TENSORSRHT
            : GnMethod.TENSORSKETCH, 32, t, spec.width());
        DeepPartial a = local.advance(step, true, sketch);
        DeepPartial b = distributed.advance(step, true, sketch);
        assertArrayEquals(a.f(), b.f());
        assertArrayEquals(a.uu(), b.uu());
        assertArrayEquals(a.sketch(), b.sketch());
        assertEquals(a.maxMove(), b.maxMove());
        assertEquals(a.active(), b.active());
        double[] probe = new double[n];
        for (int i = 0; i < n; i++) {
          probe[i] = Math.cos(i + t);
        }
        assertArrayEquals(local.gramTimes(probe), distributed.gramTimes(probe));
        step = new double[n];
        for (int i = 0; i < n; i++) {
          step[i] = 1e-3 * (a.f()[i] - data.y()[i]);
        }
      }
    }
  }

  @Test
  void trainingOnSparkMatchesLocalTraining() {
    int n = 16;
    int d = 6;
    Dataset data = Problems.sphere(n, d, "random", 22);
    DeepSpec spec = DeepSpec.withAlpha(d, 512, 2, 0.1, 5);
    SparseColumns x = LayerPass.inputs(n, d, data.x());
    DeepConfig config = DeepConfig.exact(3);
    DeepTrainer.Result a = DeepTrainer.train(new DeepLocalEngine(spec, 3, x), spec, data.y(),
        config, r -> { });
    try (DeepSparkEngine engine = new DeepSparkEngine(jsc, spec, 3, x, 2)) {
      DeepTrainer.Result b = DeepTrainer.train(engine, spec, data.y(), config, r -> { });
      assertEquals(a.records().size(), b.records().size());
      for (int t = 0; t < a.records().size(); t++) {
        assertEquals(a.records().get(t).residualNorm(), b.records().get(t).residualNorm());
      }
    }
  }
}
