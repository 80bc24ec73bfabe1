package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.model.ModelFamily;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.report.Provenance;
import org.widenet.spark.ModelStore;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;
import org.widenet.train.IterationRecord;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/**
 * {@code widenet train} end to end on embedded Spark ({@code --master local[2]}): the files it
 * writes, the saved model, determinism, --overwrite, --config, gn, symmetric exp2 and a step
 * past the stable bound ({@link CliTrainFailureTest}: the other failures).
 * Every Main.run starts and stops its own Spark session; no session is held across calls.
 */
class CliTrainTest {
  static final String SPEC = "sphere:n=40,d=5,target=random,seed=3";
  private static final String HEADER =
      "iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,fro_move,"
          + "pattern_change";
  private static final int ITERATIONS = 8;
  private static final int BLOCKS = 3;
  private static final long SEED = 11;
  private static final double LR = 0.02;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path root;

  /** The reference run: relu2, gd, fixed small step, 3 blocks, Gram every 4 iterations. */
  private static Path runA;
  private static CliRun resultA;

  private static String[] referenceArgs(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--synthetic", SPEC, "--model", "relu2",
        "--width", "400", "--iterations", String.valueOf(ITERATIONS), "--partitions",
        String.valueOf(BLOCKS), "--gram-every", "4", "--optimizer", "gd", "--lr",
        String.valueOf(LR), "--seed", String.valueOf(SEED), "--master", "local[2]", "--out",
        out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @BeforeAll
  static void trainReference() {
    runA = root.resolve("a");
    resultA = train(referenceArgs(runA));
    assertEquals(0, resultA.code(), resultA.describe());
  }

  /** Runs widenet train and checks it left no Spark session behind. */
  static CliRun train(String... args) {
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "a Spark session is already running");
    CliRun r = CliRun.train(args);
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "Main.run left its session running");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "Main.run left its session active");
    return r;
  }

  // ---------------------------------------------------------------- reading outputs

  /** metrics.csv: header then rows, each row split into its cells (empty cells kept). */
  static List<String[]> metricsRows(Path out) {
    List<String> lines = lines(out.resolve("metrics.csv"));
    String header = lines.get(0);
    assertTrue(header.equals(HEADER) || header.startsWith(HEADER + ","), header);
    int columns = header.split(",", -1).length;
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(columns, cells.length, "row has a different number of cells: " + line);
      rows.add(cells);
    }
    return rows;
  }

  private static List<String> column(List<String[]> rows, int c) {
    return rows.stream().map(r -> r[c]).toList();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file under dir, relative path to content, for "untouched" checks. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  // ---------------------------------------------------------------- the reference run

  @Test
  void metricsCsvHasARowPerIterationAndGramCellsOnlyAtGramIterations() {
    List<String[]> rows = metricsRows(runA);
    assertEquals(ITERATIONS + 1, rows.size());
    for (int t = 0; t <= ITERATIONS; t++) {
      String[] row = rows.get(t);
      assertEquals(String.valueOf(t), row[0]);
      assertTrue(Long.parseLong(row[2]) >= 0, "elapsed_ms " + row[2]);
      boolean gram = t % 4 == 0;
      for (int c = 3; c <= 5; c++) {
        assertEquals(gram, !row[c].isEmpty(), "iteration " + t + " column " + c + ": " + row[c]);
      }
      for (int c : new int[] {1, 6, 7, 8}) {
        assertFalse(row[c].isEmpty(), "iteration " + t + " column " + c);
        assertTrue(Double.isFinite(Double.parseDouble(row[c])), row[c]);
      }
      if (gram) {
        double min = Double.parseDouble(row[3]);
        double max = Double.parseDouble(row[4]);
        assertTrue(0 < min && min <= max, "lambda_min " + min + " lambda_max " + max);
      }
    }
    assertEquals(0.0, Double.parseDouble(rows.get(0)[5]), "gram_drift at 0");
    assertEquals(0.0, Double.parseDouble(rows.get(0)[6]), "max_move at 0");
    for (int t = 1; t <= ITERATIONS; t++) {
      double before = Double.parseDouble(rows.get(t - 1)[1]);
      double now = Double.parseDouble(rows.get(t)[1]);
      assertTrue(now < before, "loss went up at " + t + ": " + before + " -> " + now);
      assertTrue(Double.parseDouble(rows.get(t)[6]) > 0, "no move at " + t);
    }
  }

  @Test
  void consoleShowsProgressAndNoWarnings() {
    assertEquals("", resultA.err());
    assertTrue(resultA.out().contains("learning rate 0.0200000"), resultA.out());
    assertTrue(resultA.out().contains("iter 8/8"), resultA.out());
    assertTrue(resultA.out().contains("done: loss"), resultA.out());
  }

  @Test
  void summaryJsonRecordsTheCompletedRun() {
    JsonNode s = json(runA.resolve("summary.json"));
    for (String key : List.of("status", "final_loss", "initial_loss", "iterations",
        "wall_seconds", "spark_version", "blas", "widenet_version", "settings", "data")) {
      assertTrue(s.has(key), "summary.json lacks " + key + ": " + s);
    }
    assertEquals("completed", s.get("status").asText());
    assertTrue(s.get("iterations").isIntegralNumber());
    assertEquals(ITERATIONS, s.get("iterations").asInt());
    List<String[]> rows = metricsRows(runA);
    assertEquals(Double.parseDouble(rows.get(ITERATIONS)[1]), s.get("final_loss").asDouble());
    assertEquals(Double.parseDouble(rows.get(0)[1]), s.get("initial_loss").asDouble());
    assertTrue(s.get("final_loss").asDouble() < s.get("initial_loss").asDouble());
    assertTrue(s.get("wall_seconds").isNumber() && s.get("wall_seconds").asDouble() >= 0);
    assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        s.get("spark_version").asText());
    assertEquals(Provenance.widenetVersion(), s.get("widenet_version").asText());
    assertFalse(s.get("blas").asText().isBlank());
    assertEquals(LR, s.get("learning_rate").asDouble());

    JsonNode settings = s.get("settings");
    assertEquals("relu2", settings.get("model").asText());
    assertEquals(400, settings.get("width").asInt());
    assertEquals("gd", settings.get("optimizer").asText());
    assertEquals(LR, settings.get("lr").asDouble());
    assertEquals(ITERATIONS, settings.get("iterations").asInt());
    assertEquals(BLOCKS, settings.get("partitions").asInt());
    assertEquals(SEED, settings.get("seed").asLong());
    assertEquals(4, settings.get("gram_every").asInt());
    assertEquals("local[2]", settings.get("master").asText());
    JsonNode data = s.get("data");
    assertEquals(SPEC, data.get("source").asText());
    assertEquals(40, data.get("n").asInt());
    assertEquals(5, data.get("d").asInt());
    assertFalse(Files.exists(runA.resolve("summary.json.tmp")));
  }

  @Test
  void savedModelRoundTripsToTheLocalEngineWeights() throws IOException {
    Path model = runA.resolve("model");
    JsonNode meta = json(model.resolve("metadata.json"));
    assertEquals(1, meta.get("format_version").asInt());
    assertEquals("relu2", meta.get("model").asText());
    assertEquals(400, meta.get("width").asLong());
    assertEquals(5, meta.get("input_dim").asInt());
    assertEquals(BLOCKS, meta.get("num_blocks").asInt());
    assertEquals(ITERATIONS, meta.get("iterations").asInt());
    try (Stream<Path> parts = Files.list(model.resolve("weights"))) {
      assertEquals(BLOCKS, parts.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .count(), "one Parquet file per block");
    }

    // The same training on the driver, block by block.
    Dataset data = SyntheticSpec.parse(SPEC).generate();
    NetworkSpec net = new NetworkSpec(ModelFamily.RELU2, 400, 1.0, SEED, false);
    TrainConfig config = new TrainConfig(net, OptimizerKind.GD, LR, 0.0, ITERATIONS, 4, BLOCKS);
    RecordingListener rec = new RecordingListener();
    List<NeuronBlock> expected;
    try (LocalEngine local = new LocalEngine(net, BLOCKS, data.x(), data.n(), data.d())) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(local, rec);
      expected = local.blocks();
    }

    ModelMetadata loadedMeta;
    List<NeuronBlock> loaded;
    SparkSession spark = SparkFixture.start();
    try {
      loadedMeta = ModelStore.loadMetadata(spark, model.toUri().toString());
      loaded = ModelStore.loadBlocks(spark, model.toUri().toString());
    } finally {
      spark.stop();
    }
    assertEquals(net, loadedMeta.network());
    assertEquals(5, loadedMeta.inputDim());
    assertEquals(BLOCKS, loadedMeta.numBlocks());
    assertEquals(ITERATIONS, loadedMeta.iterations());

    assertEquals(expected.size(), loaded.size());
    for (int b = 0; b < BLOCKS; b++) {
      NeuronBlock want = expected.get(b);
      NeuronBlock got = loaded.get(b);
      assertEquals(want.blockId(), got.blockId());
      assertEquals(want.firstNeuron(), got.firstNeuron());
      assertEquals(want.count(), got.count());
      assertEquals(want.inputDim(), got.inputDim());
      assertEquals(want.stepsApplied(), got.stepsApplied());
      assertEquals(0, Tolerance.maxRelativeError(want.outputWeights(), got.outputWeights()));
      double err = Tolerance.maxRelativeError(want.weights(), got.weights());
      assertTrue(err <= Tolerance.EXACT, "block " + b + " weights differ by " + err);
    }

    // The CLI's loss trajectory is the local one.
    List<String[]> rows = metricsRows(runA);
    List<IterationRecord> records = rec.records;
    assertEquals(records.size(), rows.size());
    for (int t = 0; t < rows.size(); t++) {
      double err = Tolerance.relativeError(records.get(t).loss(),
          Double.parseDouble(rows.get(t)[1]));
      assertTrue(err <= Tolerance.EXACT, "loss at " + t + " differs by " + err);
    }
  }

  // ---------------------------------------------------------------- other runs

  @Test
  void nonEmptyOutIsRefusedAndOverwriteKeepsUserFilesAndRepeatsTheRun() throws IOException {
    Path out = root.resolve("b");
    CliRun.write(out.resolve("notes.txt"), "my notes\n");
    CliRun.write(out.resolve("plots/loss.svg"), "<svg/>\n");
    CliRun.write(out.resolve("metrics.csv"), "stale,metrics\n1,2\n");
    CliRun.write(out.resolve("summary.json"), "{\"status\":\"old\"}\n");
    CliRun.write(out.resolve("model/weights/part-old.parquet"), "junk");
    Map<String, String> before = snapshot(out);

    CliRun refused = train(referenceArgs(out));
    assertEquals(2, refused.code(), refused.describe());
    assertEquals(1, refused.errLines().size(), refused.describe());
    assertTrue(refused.err().startsWith("widenet: error: --out " + out), refused.err());
    assertTrue(refused.err().contains("--overwrite"), refused.err());
    assertEquals("", refused.out());
    assertEquals(before, snapshot(out), "a refused run changed --out");

    CliRun r = train(referenceArgs(out, "--overwrite"));
    assertEquals(0, r.code(), r.describe());
    assertEquals("my notes\n", Files.readString(out.resolve("notes.txt")));
    assertEquals("<svg/>\n", Files.readString(out.resolve("plots/loss.svg")));
    assertFalse(Files.exists(out.resolve("model/weights/part-old.parquet")));
    assertEquals("completed", json(out.resolve("summary.json")).get("status").asText());

    // Same seed and block count: the loss column (and every other non-timing cell) repeats
    // byte for byte.
    List<String[]> a = metricsRows(runA);
    List<String[]> b = metricsRows(out);
    assertEquals(column(a, 1), column(b, 1));
    for (int c : new int[] {0, 3, 4, 5, 6, 7, 8}) {
      assertEquals(column(a, c), column(b, c), "column " + c);
    }
  }

  @Test
  void configFileWithFlagOverrideTrainsSymmetricExp2FromZeroOutput() throws IOException {
    Path conf = CliRun.write(root.resolve("exp2.properties"), String.join("\n",
        "# symmetric exp2, automatic step",
        "synthetic=" + SPEC,
        "model=exp2",
        "width=400",
        "iterations=3",
        "symmetric-init=true",
        "partitions=2",
        "gram-every=2",
        "master=local[2]",
        ""));
    Path out = root.resolve("c");
    CliRun r = train("--config", conf.toString(), "--iterations", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());

    JsonNode s = json(out.resolve("summary.json"));
    JsonNode settings = s.get("settings");
    assertEquals(2, settings.get("iterations").asInt(), "the flag overrides the file");
    assertEquals(2, s.get("iterations").asInt());
    assertEquals("exp2", settings.get("model").asText());
    assertEquals(400, settings.get("width").asInt());
    assertTrue(settings.get("symmetric_init").asBoolean());
    assertEquals(2, settings.get("partitions").asInt());
    assertEquals(2, settings.get("gram_every").asInt());
    assertEquals("auto", settings.get("lr").asText());
    assertEquals("local[2]", settings.get("master").asText());

    List<String[]> rows = metricsRows(out);
    assertEquals(3, rows.size());
    assertEquals(List.of("", "", ""), column(rows, 8), "pattern_change is relu2 only");
    assertEquals(List.of(false, true, false),
        column(rows, 3).stream().map(String::isEmpty).toList());
    double[] y = SyntheticSpec.parse(SPEC).generate().y();
    double squares = 0;
    for (double v : y) {
      squares += v * v;
    }
    assertEquals(0.5 * squares, Double.parseDouble(rows.get(0)[1]),
        "f = 0 at a symmetric initialization, so the first loss is ||y||^2 / 2");
    assertEquals(0.5 * squares, s.get("initial_loss").asDouble());
    assertTrue(Double.parseDouble(rows.get(2)[1]) < 0.5 * squares, "auto step did not help");
    assertEquals(1.0 / Double.parseDouble(rows.get(0)[4]), s.get("learning_rate").asDouble(),
        1e-12 * s.get("learning_rate").asDouble());
  }

  @Test
  void gaussNewtonWithDampingComputesTheGramEveryIteration() {
    Path out = root.resolve("d");
    CliRun r = train("--synthetic", SPEC, "--width", "400", "--optimizer", "gn", "--damping",
        "1e-6", "--lr", "0.5", "--iterations", "3", "--gram-every", "10", "--partitions", "2",
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("completed", s.get("status").asText());
    assertEquals("gn", s.get("settings").get("optimizer").asText());
    assertEquals(1e-6, s.get("settings").get("damping").asDouble());
    List<String[]> rows = metricsRows(out);
    assertEquals(4, rows.size());
    for (String[] row : rows) {
      assertFalse(row[3].isEmpty() || row[4].isEmpty() || row[5].isEmpty(),
          "gn needs the Gram at every iteration: " + String.join(",", row));
    }
    // At this width the ReLU patterns still move, so a half step (eta = 0.5) does not quite
    // quarter the loss as it would on the linearization; it must still fall every iteration.
    List<String> losses = column(rows, 1);
    for (int t = 1; t < rows.size(); t++) {
      assertTrue(Double.parseDouble(losses.get(t)) < Double.parseDouble(losses.get(t - 1)),
          "loss rose at " + t + ": " + losses);
    }
    assertTrue(Double.parseDouble(losses.get(3)) < 0.25 * Double.parseDouble(losses.get(0)),
        "three half Gauss-Newton steps should cut the loss fourfold: " + losses);
  }

  @Test
  void aStepTenTimesTheStableBoundStopsWithinAFewIterationsAsDiverged() {
    // The reference run's lambda_max(J J^T) at initialization; this run starts from the same
    // weights, so its row 0 and its bound are the same.
    double lambdaMax = Double.parseDouble(metricsRows(runA).get(0)[4]);
    double eta = 10 * 2 / lambdaMax;
    Path out = root.resolve("i");
    CliRun r = train("--synthetic", SPEC, "--model", "relu2", "--width", "400", "--iterations",
        "100", "--partitions", String.valueOf(BLOCKS), "--gram-every", "4", "--optimizer", "gd",
        "--lr", String.valueOf(eta), "--seed", String.valueOf(SEED), "--master", "local[2]",
        "--out", out.toString());
    assertEquals(1, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: training failed: diverged"), r.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("diverged", s.get("status").asText());
    String message = s.get("message").asText();
    assertTrue(message.contains("step size eta = " + eta), message);
    assertTrue(message.contains(String.format(Locale.ROOT,
        "the stable bound is 2 / lambda_max = %.4g", 2 / lambdaMax)), message);
    assertTrue(message.contains("lower --lr"), message);
    List<String[]> rows = metricsRows(out);
    assertTrue(rows.size() <= 6, "stopped only after " + rows.size() + " of 101 iterations");
    assertEquals(String.valueOf(lambdaMax), rows.get(0)[4]);
  }
}
