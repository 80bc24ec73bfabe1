package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.SyntheticSpec;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ModelStore;
import org.widenet.testutil.SparkFixture;

/**
 * Persistence of the Spark ML models: the CLI's model/ directory (format_version 1, committed
 * under src/test/resources/models/relu2-format1) loads and predicts what its saved weights
 * say; API save/load round trips; damaged directories fail clearly; and the conventions Spark
 * Connect relies on (service files, no-arg constructors, copy, transformSchema).
 */
class ModelPersistenceTest {
  /** The data the committed CLI model was trained on (see the resource's metadata.json). */
  private static final String CLI_DATA = "sphere:n=12,d=3,target=linear,seed=1";
  /** metrics.csv's loss at iteration 3 of the CLI run that wrote the resource. */
  private static final double CLI_FINAL_LOSS = 0.1335575747541013;

  private static SparkSession spark;
  /** CLI_DATA as id, x0..x2, label (the linear target), cls (0/1: its sign), features. */
  private static Dataset<Row> data;
  /** Fitted once on data and saved by the API under saved/. */
  private static WideNetRegressionModel regressor;
  private static WideNetClassificationModel classifier;
  private static String regressorPath;
  private static String classifierPath;

  @TempDir
  static Path saved;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkFixture.start();
    data = frame(SyntheticSpec.parse(CLI_DATA).generate()).cache();
    regressor = new WideNetRegressor().setWidth(40).setMaxIter(2).setNumBlocks(3).setSeed(11)
        .setStepSize(0.5).fit(data);
    classifier = new WideNetClassifier().setLabelCol("cls").setWidth(40).setMaxIter(2)
        .setNumBlocks(2).setSeed(12).fit(data);
    regressorPath = saved.resolve("regressor").toString();
    regressor.write().save(regressorPath);
    classifierPath = saved.resolve("classifier").toString();
    classifier.write().save(classifierPath);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  // ---- helpers -------------------------------------------------------------------------

  private static Dataset<Row> frame(org.widenet.data.Dataset points) {
    int n = points.n();
    int d = points.d();
    StructType schema = new StructType().add("id", DataTypes.IntegerType, false);
    String[] cols = new String[d];
    for (int k = 0; k < d; k++) {
      cols[k] = "x" + k;
      schema = schema.add(cols[k], DataTypes.DoubleType, false);
    }
    schema = schema.add("label", DataTypes.DoubleType, false)
        .add("cls", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] values = new Object[d + 3];
      values[0] = i;
      double[] x = points.row(i);
      for (int k = 0; k < d; k++) {
        values[k + 1] = x[k];
      }
      double y = points.y()[i];
      values[d + 1] = y;
      values[d + 2] = y > 0 ? 1.0 : 0.0;
      rows.add(RowFactory.create(values));
    }
    return new VectorAssembler().setInputCols(cols).setOutputCol("features")
        .transform(spark.createDataFrame(rows, schema));
  }

  /**
   * A column as doubles, in id order (independent of how transform orders its rows); for a
   * classifier's rawPrediction [-f, f], f.
   */
  static double[] column(Dataset<Row> df, String name) {
    return df.orderBy("id").select(name).collectAsList().stream()
        .mapToDouble(r -> r.get(0) instanceof org.apache.spark.ml.linalg.Vector v ? v.apply(1)
            : r.getDouble(0)).toArray();
  }

  /** f(x) = (1/sqrt(m)) sum_r a_r relu(w_r . x), straight from the saved blocks. */
  private static double reference(List<NeuronBlock> blocks, double[] x) {
    long m = 0;
    double sum = 0;
    for (NeuronBlock block : blocks) {
      int d = block.inputDim();
      for (int j = 0; j < block.count(); j++) {
        double z = 0;
        for (int k = 0; k < d; k++) {
          z += block.weights()[j * d + k] * x[k];
        }
        sum += block.outputWeights()[j] * Math.max(0, z);
      }
      m += block.count();
    }
    return sum / Math.sqrt(m);
  }

  private static WideNetRegressionModel withThreshold(WideNetRegressionModel model, long t) {
    return model.copy(ParamMap.empty().put(model.broadcastThreshold(), (Object) t));
  }

  private static void assertSameParams(Params expected, Params actual) {
    for (Param<?> p : expected.params()) {
      assertEquals(expected.isSet(p), actual.isSet(actual.getParam(p.name())), p.name());
      if (expected.isDefined(p)) {
        assertEquals(expected.getOrDefault(p), actual.getOrDefault(actual.getParam(p.name())),
            p.name());
      }
    }
    assertEquals(expected.params().length, actual.params().length);
  }

  // ---- the CLI's model directory ---------------------------------------------------------

  @Test
  void cliModelLoadsAndPredictsWhatItsSavedWeightsSay() throws Exception {
    Path dir = ModelFiles.cliModel();
    ModelMetadata meta = ModelStore.loadMetadata(spark, dir.toString());
    assertTrue(Files.readString(dir.resolve(ModelStore.METADATA_FILE))
        .contains("\"format_version\" : 1,"), "the resource is a format_version 1 model");
    List<NeuronBlock> blocks = ModelStore.loadBlocks(spark, dir.toString());
    assertEquals(2, blocks.size());
    assertEquals(40, blocks.stream().mapToInt(NeuronBlock::count).sum());

    org.widenet.data.Dataset points = SyntheticSpec.parse(CLI_DATA).generate();
    double[] expected = new double[points.n()];
    double loss = 0;
    for (int i = 0; i < points.n(); i++) {
      expected[i] = reference(blocks, points.row(i));
      loss += 0.5 * (expected[i] - points.y()[i]) * (expected[i] - points.y()[i]);
    }
    assertEquals(CLI_FINAL_LOSS, loss, 1e-12 * CLI_FINAL_LOSS,
        "the saved weights are the trained ones: 0.5 ||f - y||^2 is the CLI's final loss");

    WideNetRegressionModel model = WideNetRegressionModel.load(dir.toString());
    assertEquals(40L, model.getWidth());
    assertEquals(3, model.numFeatures());
    assertEquals(meta.numBlocks(), (Integer) model.getOrDefault(model.numBlocks()));
    assertEquals(meta.network().seed(), (Long) model.getOrDefault(model.seed()));
    for (long threshold : new long[] {model.getBroadcastThreshold(), 0L}) {
      WideNetRegressionModel m = withThreshold(model, threshold);
      assertArrayEquals(expected, column(m.transform(data), "prediction"), 1e-12,
          "broadcastThreshold " + threshold);
    }
  }

  @Test
  void cliModelLoadedAsClassifierPredictsTheSignAsPlusMinusOne() throws Exception {
    WideNetClassificationModel model = WideNetClassificationModel.load(ModelFiles.cliModel().toString());
    Dataset<Row> out = model.transform(data);
    double[] raw = column(out, "rawPrediction");
    double[] predicted = column(out, "prediction");
    for (int i = 0; i < raw.length; i++) {
      assertEquals(raw[i] > 0 ? 1.0 : -1.0, predicted[i], "row " + i + ", f = " + raw[i]);
    }
  }

  @Test
  void cliModelResavedByTheApiKeepsItsMetadataAndPredictions(@TempDir Path tmp)
      throws Exception {
    WideNetRegressionModel model = WideNetRegressionModel.load(ModelFiles.cliModel().toString());
    String path = tmp.resolve("resaved").toString();
    model.write().save(path);
    ModelMetadata cli = ModelStore.loadMetadata(spark, ModelFiles.cliModel().toString());
    ModelMetadata resaved = ModelStore.loadMetadata(spark, path);
    assertEquals(cli.network(), resaved.network());
    assertEquals(cli.inputDim(), resaved.inputDim());
    assertEquals(cli.numBlocks(), resaved.numBlocks());
    assertEquals(cli.iterations(), resaved.iterations(), "iterations survive a re-save");
    assertArrayEquals(column(model.transform(data), "prediction"),
        column(WideNetRegressionModel.load(path).transform(data), "prediction"), 0.0);
  }

  // ---- API round trips -------------------------------------------------------------------

  @Test
  void regressorAndClassifierRoundTripThroughSaveAndLoad() throws Exception {
    WideNetRegressionModel regBack = WideNetRegressionModel.load(regressorPath);
    assertEquals(regressor.uid(), regBack.uid());
    assertSameParams(regressor, regBack);
    assertArrayEquals(column(regressor.transform(data), "prediction"),
        column(regBack.transform(data), "prediction"), 0.0);
    // The API writes the CLI's layout, metadata.json and weights/, plus Spark's metadata/.
    assertTrue(Files.isRegularFile(Path.of(regressorPath, ModelStore.METADATA_FILE)));
    assertTrue(Files.isDirectory(Path.of(regressorPath, ModelStore.WEIGHTS_DIR)));
    assertTrue(Files.isDirectory(Path.of(regressorPath, "metadata")));
    assertEquals(3, ModelStore.loadBlocks(spark, regressorPath).size());
    assertEquals(2, ModelStore.loadMetadata(spark, regressorPath).iterations());

    WideNetClassificationModel clfBack = WideNetClassificationModel.load(classifierPath);
    assertEquals(classifier.uid(), clfBack.uid());
    assertSameParams(classifier, clfBack);
    Dataset<Row> before = classifier.transform(data);
    Dataset<Row> after = clfBack.transform(data);
    assertArrayEquals(column(before, "rawPrediction"), column(after, "rawPrediction"), 0.0);
    double[] classes = column(after, "prediction");
    assertArrayEquals(column(before, "prediction"), classes, 0.0);
    assertTrue(Arrays.stream(classes).allMatch(c -> c == 0.0 || c == 1.0),
        "0/1 labels give 0/1 predictions after reload");
  }

  @Test
  void aModelDoesNotLoadAsTheOtherKind() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WideNetClassificationModel.load(regressorPath));
    assertTrue(e.getMessage().contains("WideNetRegressionModel"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> WideNetRegressionModel.load(classifierPath));
    assertTrue(e.getMessage().contains("WideNetClassificationModel"), e.getMessage());
  }

  @Test
  void saveRefusesAnExistingPathAndOverwriteReplacesIt(@TempDir Path tmp) throws Exception {
    WideNetRegressionModel cli = WideNetRegressionModel.load(ModelFiles.cliModel().toString());
    double[] fittedOut = column(regressor.transform(data), "prediction");
    double[] cliOut = column(cli.transform(data), "prediction");
    assertFalse(Arrays.equals(fittedOut, cliOut), "two different models");

    String path = tmp.resolve("model").toString();
    regressor.write().save(path);
    IOException e = assertThrows(IOException.class, () -> cli.write().save(path));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertArrayEquals(fittedOut, column(WideNetRegressionModel.load(path).transform(data),
        "prediction"), 0.0, "the refused save left the first model intact");

    cli.write().overwrite().save(path);
    assertArrayEquals(cliOut, column(WideNetRegressionModel.load(path).transform(data),
        "prediction"), 0.0, "overwrite replaced the model");
  }

  // ---- damaged directories ---------------------------------------------------------------

  @Test
  void truncatedMetadataFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("truncated");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    Path meta = dir.resolve(ModelStore.METADATA_FILE);
    byte[] bytes = Files.readAllBytes(meta);
    Files.write(meta, Arrays.copyOf(bytes, bytes.length / 2));
    ModelFiles.assertLoadFails(dir, "metadata.json", data);
  }

  @Test
  void unknownFormatVersionFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("future");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    ModelFiles.edit(dir, s -> s.replaceFirst("\"format_version\" : 1,", "\"format_version\" : 99,"));
    ModelFiles.assertLoadFails(dir, "format_version 99", data);
  }

  @Test
  void unknownFamilyFailsToLoadNamingTheKey(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("relu3");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    ModelFiles.edit(dir, s -> s.replaceFirst("\"model\" : \"relu2\",",
        "\"family\" : \"relu3\", \"model\" : \"relu2\","));
    ModelFiles.assertLoadFails(dir, "metadata.json key \"family\" is \"relu3\"", data);
  }

  @Test
  void missingWeightsFileFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("missing-block");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    List<Path> parquet;
    try (Stream<Path> files = Files.list(dir.resolve(ModelStore.WEIGHTS_DIR))) {
      parquet = files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .sorted().collect(Collectors.toList());
    }
    assertEquals(2, parquet.size(), "one Parquet file per block");
    Files.delete(parquet.get(1));
    ModelFiles.assertLoadFails(dir, "damaged", data);
  }

  @Test
  void editedWidthFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("wider");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    ModelFiles.edit(dir, s -> s.replaceFirst("\"width\" : 40,", "\"width\" : 30,"));
    ModelFiles.assertLoadFails(dir, "damaged", data);
  }

  @Test
  void editedInputDimFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("input-dim");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    ModelFiles.edit(dir, s -> s.replaceFirst("\"input_dim\" : 3,", "\"input_dim\" : 4,"));
    ModelFiles.assertLoadFails(dir, "input_dim is 4", data);
  }

  @Test
  void missingWeightsDirectoryFailsToLoad(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("no-weights");
    ModelFiles.copyTree(ModelFiles.cliModel(), dir);
    try (Stream<Path> files = Files.walk(dir.resolve(ModelStore.WEIGHTS_DIR))) {
      List<Path> all = files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList());
      for (Path p : all) {
        Files.delete(p);
      }
    }
    ModelFiles.assertLoadFails(dir, "weights", data);
  }

  // ---- summaries -------------------------------------------------------------------------

  @Test
  void summariesAreSavedWithTheModelAndReloaded() throws Exception {
    assertTrue(regressor.hasSummary(), "a fitted model has its summary");
    assertEquals(2, regressor.summary().iterations());
    assertTrue(classifier.hasSummary());
    WideNetRegressionModel regBack = WideNetRegressionModel.load(regressorPath);
    WideNetClassificationModel clfBack = WideNetClassificationModel.load(classifierPath);
    assertArrayEquals(regressor.summary().objectiveHistory(),
        regBack.summary().objectiveHistory(), 0.0, "objectiveHistory survives save/load");
    assertEquals(regressor.summary().totalIterations(), regBack.summary().totalIterations());
    assertEquals(regressor.summary().learningRate(), regBack.summary().learningRate(), 0.0);
    assertEquals(regressor.summary().metrics(spark).collectAsList(),
        regBack.summary().metrics(spark).collectAsList(), "the metrics table, nulls included");
    assertArrayEquals(classifier.summary().objectiveHistory(),
        clfBack.summary().objectiveHistory(), 0.0);
    // Models saved without a summary (the CLI's, and 0.1.0's) load without one.
    for (WideNetModel loaded : List.of(
        WideNetRegressionModel.load(ModelFiles.cliModel().toString()),
        WideNetClassificationModel.load(ModelFiles.cliModel().toString()))) {
      assertFalse(loaded.hasSummary());
      IllegalStateException e = assertThrows(IllegalStateException.class, loaded::summary);
      assertTrue(e.getMessage().contains("summary"), e.getMessage());
    }
  }

  @Test
  void closeReleasesTheCachedBlocks() throws Exception {
    // The RDD ids cached before the fit: others' leftovers, which Spark's context cleaner may
    // drop at any time, so only the fit's own RDDs are counted.
    java.util.Set<Object> before = new java.util.HashSet<>(
        scala.jdk.javaapi.CollectionConverters.asJava(
            spark.sparkContext().getPersistentRDDs().keySet()));
    WideNetRegressionModel model = new WideNetRegressor().setWidth(20).setMaxIter(1)
        .setNumBlocks(2).fit(data);
    assertFalse(fitsOwn(before).isEmpty(), "a fitted model keeps its blocks cached");
    try (WideNetRegressionModel closing = model) {
      assertEquals(data.count(), closing.transform(data).count());
    }
    assertEquals(java.util.Set.of(), fitsOwn(before),
        "close released every cached RDD the fit left");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> model.transform(data));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    model.unpersist();

    WideNetRegressionModel loaded = WideNetRegressionModel.load(regressorPath);
    int loadedCached = spark.sparkContext().getPersistentRDDs().size();
    loaded.transform(data).count();
    loaded.close();
    assertTrue(spark.sparkContext().getPersistentRDDs().size() <= loadedCached);
  }

  // ---- Spark Connect conventions -----------------------------------------------------------

  @Test
  @SuppressWarnings("rawtypes")
  void serviceFilesListTheEstimatorsAndModels() {
    List<Class<?>> estimators = ServiceLoader.load(Estimator.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList());
    assertTrue(estimators.contains(WideNetRegressor.class), estimators.toString());
    assertTrue(estimators.contains(WideNetClassifier.class), estimators.toString());
    List<Class<?>> transformers = ServiceLoader.load(Transformer.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList());
    assertTrue(transformers.contains(WideNetRegressionModel.class), transformers.toString());
    assertTrue(transformers.contains(WideNetClassificationModel.class),
        transformers.toString());
    for (ServiceLoader.Provider<Transformer> p : ServiceLoader.load(Transformer.class)
        .stream().filter(p -> p.type().getName().startsWith("org.widenet."))
        .collect(Collectors.toList())) {
      Transformer placeholder = p.get();
      assertFalse(placeholder.uid().isEmpty());
      assertFalse(((WideNetModel) placeholder).hasSummary());
      assertThrows(IllegalStateException.class,
          () -> placeholder.transform(data), p.type().getName());
    }
    for (ServiceLoader.Provider<Estimator> p : ServiceLoader.load(Estimator.class).stream()
        .filter(p -> p.type().getName().startsWith("org.widenet."))
        .collect(Collectors.toList())) {
      assertEquals(10_000L, ((WideNetParams) p.get()).getWidth(), p.type().getName());
    }
  }

  @Test
  void copyKeepsUidParamsAndWeights() throws Exception {
    WideNetRegressor estimator = new WideNetRegressor().setWidth(123).setMaxIter(7)
        .setSeed(9);
    WideNetRegressor estimatorCopy = estimator.copy(ParamMap.empty());
    assertEquals(estimator.uid(), estimatorCopy.uid());
    assertSameParams(estimator, estimatorCopy);
    WideNetClassifier clfEstimator = new WideNetClassifier().setWidth(321)
        .setRawPredictionCol("score");
    WideNetClassifier clfEstimatorCopy = clfEstimator.copy(ParamMap.empty());
    assertEquals(clfEstimator.uid(), clfEstimatorCopy.uid());
    assertSameParams(clfEstimator, clfEstimatorCopy);
    WideNetRegressor changed = estimator.copy(ParamMap.empty().put(estimator.width(),
        (Object) 5L));
    assertEquals(5L, changed.getWidth());
    assertEquals(123L, estimator.getWidth(), "copy with extra params leaves the original");

    WideNetRegressionModel fittedCopy = regressor.copy(ParamMap.empty());
    assertEquals(regressor.uid(), fittedCopy.uid());
    assertSameParams(regressor, fittedCopy);
    assertTrue(fittedCopy.hasSummary(), "a copy keeps the fitted state");

    WideNetRegressionModel loaded = WideNetRegressionModel.load(ModelFiles.cliModel().toString());
    WideNetRegressionModel loadedCopy = loaded.copy(ParamMap.empty());
    assertEquals(loaded.uid(), loadedCopy.uid());
    assertSameParams(loaded, loadedCopy);
    double[] expected = column(loaded.transform(data), "prediction");
    assertArrayEquals(expected, column(loadedCopy.transform(data), "prediction"), 0.0);
    WideNetRegressionModel renamed = loaded.copy(ParamMap.empty().put(loaded.predictionCol(),
        "yhat"));
    assertArrayEquals(expected, column(renamed.transform(data), "yhat"), 0.0);
    assertEquals("prediction", loaded.getPredictionCol());
  }

  /** The cached RDD ids that were not cached before. */
  private static java.util.Set<Object> fitsOwn(java.util.Set<Object> before) {
    java.util.Set<Object> now = new java.util.HashSet<>(
        scala.jdk.javaapi.CollectionConverters.asJava(
            spark.sparkContext().getPersistentRDDs().keySet()));
    now.removeAll(before);
    return now;
  }
}
