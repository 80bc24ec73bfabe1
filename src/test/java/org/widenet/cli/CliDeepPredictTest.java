package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.DeepWeights;
import org.widenet.deep.LayerPass;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * {@code widenet train --model deep-last} saves --out/model and {@code widenet predict} predicts
 * with it: on the training data the outputs the run ended with, on other data the outputs of a
 * dense reference twin (W_L(t) = W_L(0) + C V^T built from the saved rows), the same bits on
 * local[1] and local[2]; a damaged model fails naming its directory, wrong features fail
 * before Spark starts, and --train-layers 2 says it saved nothing.
 */
class CliDeepPredictTest {
  private static final String TRAIN = "sphere:n=16,d=6,target=random,seed=3";
  private static final String OTHER = "sphere:n=11,d=6,target=random,seed=8";
  private static final int WIDTH = 1024;
  private static final int DEPTH = 3;
  private static final int BLOCKS = 3;
  private static final int ITERATIONS = 3;

  @TempDir
  Path dir;

  private static double[] column(Path out, int c) throws Exception {
    List<String> lines = Files.readAllLines(out.resolve(PredictCommand.PREDICTIONS));
    assertEquals("row_index,label,prediction", lines.get(0));
    return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c]))
        .toArray();
  }

  private Path predict(Path model, String data, String master, String name) {
    Path out = dir.resolve(name);
    CliRun r = CliRun.main("predict", "--model", model.toString(), "--synthetic", data,
        "--master", master, "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    return out;
  }

  @Test
  void trainedModelPredictsLikeTheRunAndTheDenseTwin() throws Exception {
    Path run = dir.resolve("run");
    CliRun t = CliRun.train("--model", "deep-last", "--depth", "" + DEPTH, "--width",
        "" + WIDTH, "--synthetic", TRAIN, "--iterations", "" + ITERATIONS, "--partitions",
        "" + BLOCKS, "--master", "local[2]", "--out", run.toString());
    assertEquals(0, t.code(), t.describe());
    Path model = run.resolve("model");
    ObjectMapper json = new ObjectMapper();
    JsonNode meta = json.readTree(model.resolve("metadata.json").toFile());
    assertEquals("widenet-deep-last-model", meta.get("format").asText());
    assertEquals("deep-last", meta.get("family").asText());
    assertEquals(16, meta.get("n").asInt());
    assertEquals(BLOCKS, meta.get("num_blocks").asInt());
    DeepSpec spec = DeepSpec.withAlpha(6, WIDTH, DEPTH, 0.1, 0);
    assertEquals(spec.threshold(), meta.get("threshold").asDouble());

    // On the training data: the outputs the run ended with (the same run on the local engine).
    Dataset train = SyntheticSpec.parse(TRAIN).generate();
    Path onTrain = predict(model, TRAIN, "local[2]", "on-train");
    assertArrayEquals(train.y(), column(onTrain, 1));
    double[] f = column(onTrain, 2);
    LayerPass.Result frozen = DeepFamily.frozenLocally(spec, BLOCKS,
        LayerPass.inputs(train.n(), train.d(), train.x()));
    DeepInputs inputs = new DeepInputs(frozen.v());
    DeepTrainer.Result local = DeepTrainer.train(new LocalEngine(new DeepFamily(spec), BLOCKS,
        inputs, OrderedSum.DEFAULT_FAN_IN), inputs, train.y(), DeepConfig.exact(ITERATIONS),
        r -> { });
    assertClose(local.outputs(), f, "training outputs");
    JsonNode trained = json.readTree(run.resolve("summary.json").toFile());
    JsonNode predicted = json.readTree(onTrain.resolve("summary.json").toFile());
    assertEquals(trained.get("train_squared_loss").asDouble(),
        predicted.get("data_squared_loss").asDouble(),
        1e-10 * trained.get("train_squared_loss").asDouble());

    // On other data: the dense twin, and the same bits on one and two executor threads.
    Path onOther = predict(model, OTHER, "local[2]", "on-other");
    Path onOtherOne = predict(model, OTHER, "local[1]", "on-other-1");
    double[] other = column(onOther, 2);
    assertArrayEquals(other, column(onOtherOne, 2), "local[1] and local[2] agree bit for bit");
    assertTrue(java.util.Arrays.stream(other).map(Math::abs).max().orElse(0) > 1e-3,
        "the predictions are not trivially zero");
    Dataset data = SyntheticSpec.parse(OTHER).generate();
    assertClose(denseTwin(spec, model, data), other, "dense twin");
  }

  @Test
  void damagedModelAndWrongFeaturesFailNamingTheModel() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, CliRun.train("--model", "deep-last", "--depth", "2", "--width", "512",
        "--synthetic", TRAIN, "--iterations", "1", "--partitions", "2", "--master", "local[1]",
        "--out", run.toString()).code());
    Path model = run.resolve("model");
    CliRun wrong = CliRun.main("predict", "--model", model.toString(), "--synthetic",
        "sphere:n=5,d=4,target=random", "--out", dir.resolve("wrong").toString());
    assertEquals(2, wrong.code(), wrong.describe());
    assertTrue(wrong.err().contains(model + " takes 6 features"), wrong.err());
    assertEquals(1, wrong.errLines().size(), wrong.err());

    // One block's Parquet file gone.
    try (Stream<Path> files = Files.list(model.resolve("coefficients"))) {
      Path part = files.filter(p -> p.getFileName().toString().startsWith("part-"))
          .sorted().findFirst().orElseThrow();
      Files.delete(part);
    }
    CliRun r = CliRun.withSparkLogsOff(() -> CliRun.main("predict", "--model",
        model.toString(), "--synthetic", TRAIN, "--master", "local[1]", "--out",
        dir.resolve("damaged").toString()));
    assertEquals(1, r.code(), r.describe());
    assertTrue(r.err().contains("model " + model + " is damaged"), r.err());
  }

  /** The synthetic points with labels times 4, as CSV. */
  private Path csv(String spec, String name) throws Exception {
    Dataset data = SyntheticSpec.parse(spec).generate();
    StringBuilder text = new StringBuilder("x1,x2,x3,x4,x5,x6,label\n");
    for (int i = 0; i < data.n(); i++) {
      for (double v : data.row(i)) {
        text.append(v).append(',');
      }
      text.append(4 * data.y()[i]).append('\n');
    }
    return CliRun.write(dir.resolve(name), text.toString());
  }

  @Test
  void scaledLabelsAndTestDataPredictInTheLabelsUnits() throws Exception {
    Path train = csv(TRAIN, "train.csv");
    Path test = csv(OTHER, "test.csv");
    Path run = dir.resolve("run");
    CliRun t = CliRun.train("--model", "deep-last", "--depth", "2", "--width", "512",
        "--data", train.toString(), "--test-data", test.toString(), "--scale-labels",
        "--iterations", "2", "--partitions", "2", "--master", "local[2]", "--out",
        run.toString());
    assertEquals(0, t.code(), t.describe());
    ObjectMapper json = new ObjectMapper();
    JsonNode trained = json.readTree(run.resolve("summary.json").toFile());
    assertEquals(4.0, trained.get("data").get("label_scale").asDouble());
    assertEquals(4.0, json.readTree(run.resolve("model/metadata.json").toFile())
        .get("label_scale").asDouble());
    Path out = dir.resolve("predict");
    CliRun r = CliRun.main("predict", "--model", run.resolve("model").toString(), "--data",
        test.toString(), "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode predicted = json.readTree(out.resolve("summary.json").toFile());
    assertEquals(4.0, predicted.get("label_scale").asDouble());
    // Training's test loss is in scaled units; predict's, with outputs times 4, in the labels'.
    double scaled = trained.get("test_squared_loss").asDouble();
    assertEquals(16 * scaled, predicted.get("data_squared_loss").asDouble(), 1e-10 * scaled);
  }

  @Test
  void trainingTwoLayersSaysItSavesNoModel() throws Exception {
    Path run = dir.resolve("two");
    CliRun r = CliRun.train("--model", "deep-last", "--depth", "3", "--width", "512",
        "--synthetic", "sphere:n=8,d=4,target=random", "--train-layers", "2", "--iterations",
        "1", "--master", "local[1]", "--out", run.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.err().contains("--train-layers 2 saves no model"), r.err());
    assertFalse(Files.exists(run.resolve("model")));
    JsonNode s = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertTrue(s.get("model_not_saved").asText().contains("W_L only"), s.toString());
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-10 * scale, what + ", row " + i);
    }
  }

  /**
   * The reference twin: every layer a dense matrix from {@link DeepWeights}, W_L(t) = W_L(0) +
   * C V^T with C read from the saved rows and V the plain forward pass on the saved training
   * inputs, then the network's outputs on data with loops.
   */
  private static double[] denseTwin(DeepSpec spec, Path model, Dataset data) {
    int m = spec.width();
    double[][] c;
    double[][] xTrain;
    double[] a = new double[m];
    SparkSession spark = SparkFixture.start();
    try {
      List<Row> rows = spark.read().parquet(model.resolve("coefficients").toString())
          .collectAsList();
      c = new double[m][];
      for (Row row : rows) {
        int r = (int) row.getLong(1);
        c[r] = ((Vector) row.get(3)).toArray();
        a[r] = row.getDouble(2);
      }
      List<Row> inputs = spark.read().parquet(model.resolve("inputs").toString())
          .collectAsList();
      xTrain = new double[inputs.size()][];
      for (Row row : inputs) {
        xTrain[row.getInt(0)] = ((Vector) row.get(1)).toArray();
      }
    } finally {
      spark.stop();
    }
    int n = xTrain.length;
    double[][][] w = new double[spec.depth() + 1][][];
    for (int l = 1; l <= spec.depth(); l++) {
      w[l] = new double[m][spec.fanIn(l)];
      for (int r = 0; r < m; r++) {
        DeepWeights.row(spec, l, r, w[l][r]);
      }
    }
    for (int r = 0; r < m; r++) {
      assertEquals(DeepWeights.sign(spec, r), a[r], "saved sign of neuron " + r);
    }
    double[][] v = new double[n][];
    for (int i = 0; i < n; i++) {
      v[i] = frozen(spec, w, xTrain[i]);
    }
    double[][] wl = new double[m][m];
    for (int r = 0; r < m; r++) {
      for (int k = 0; k < m; k++) {
        double s = w[spec.depth()][r][k];
        for (int i = 0; i < n; i++) {
          s += c[r][i] * v[i][k];
        }
        wl[r][k] = s;
      }
    }
    double[] f = new double[data.n()];
    for (int i = 0; i < data.n(); i++) {
      double[] h = frozen(spec, w, data.row(i));
      double s = 0;
      for (int r = 0; r < m; r++) {
        double z = 0;
        for (int k = 0; k < m; k++) {
          z += wl[r][k] * h[k];
        }
        s += a[r] * phi(spec, z);
      }
      f[i] = s;
    }
    return f;
  }

  /** h_{L-1} of x through the frozen layers. */
  private static double[] frozen(DeepSpec spec, double[][][] w, double[] x) {
    double[] h = x;
    for (int l = 1; l < spec.depth(); l++) {
      double[] next = new double[w[l].length];
      for (int r = 0; r < next.length; r++) {
        double z = 0;
        for (int k = 0; k < h.length; k++) {
          z += w[l][r][k] * h[k];
        }
        next[r] = phi(spec, z);
      }
      h = next;
    }
    return h;
  }

  private static double phi(DeepSpec spec, double z) {
    double tau = Math.sqrt(2.0 / spec.width()) * spec.threshold();
    return z > tau ? spec.scale() * (z - tau) : 0.0;
  }
}
