package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;
import org.widenet.ml.DeepLastParams;
import org.widenet.ml.WideNetClassifier;
import org.widenet.ml.WideNetRegressor;

/**
 * No drift between the Spark ML API and the CLI (issue 15, acceptance 6): every Param of the
 * estimators has a getter and a setter and names its CLI option in its doc, every option it
 * names exists, and every option of the train commands is a Param or listed below with the
 * reason it is not.
 */
class ApiParamsMatchCliTest {
  /** Spark's own column Params: their docs are Spark's, so their options are listed here. */
  private static final Map<String, String> SPARK_PARAMS = Map.of(
      "featuresCol", "features-col", "labelCol", "label-col", "predictionCol", "",
      "rawPredictionCol", "");

  /** Train options that are not Params, and why. */
  private static final Map<String, String> NOT_PARAMS = new TreeMap<>(Map.ofEntries(
      Map.entry("config", "CLI run setup: a properties file of options"),
      Map.entry("out", "CLI output directory; the API returns a model"),
      Map.entry("overwrite", "CLI output directory; the API's MLWriter has overwrite()"),
      Map.entry("master", "CLI Spark setup; the API runs on the caller's SparkSession"),
      Map.entry("spark-conf", "CLI Spark setup; the API runs on the caller's SparkSession"),
      Map.entry("help", "CLI help"),
      Map.entry("report", "CLI report files"),
      Map.entry("resume", "CLI resume from checkpoint files; the API refits"),
      Map.entry("predict", "CLI: writes predictions.csv; the API transforms"),
      Map.entry("data", "data loading: the API takes a DataFrame"),
      Map.entry("format", "data loading: the API takes a DataFrame"),
      Map.entry("feature-cols", "data loading: VectorAssembler builds featuresCol"),
      Map.entry("label-cols", "softmax2 multi-column labels: the API takes one class column"),
      Map.entry("skip-bad-rows", "data loading: the API refuses bad rows, naming them"),
      Map.entry("test-data", "data loading: evaluate with transform on a test DataFrame"),
      Map.entry("test-n", "data loading: limit the DataFrame"),
      Map.entry("n", "data loading: limit the DataFrame"),
      Map.entry("classes", "data loading: filter the DataFrame"),
      Map.entry("synthetic", "data loading: the API takes a DataFrame"),
      Map.entry("normalize", "data loading: Spark's Normalizer stage does it"),
      Map.entry("random-label-fraction", "experiment data: corrupt labels before fit"),
      Map.entry("label-seed", "experiment data: seed of the corrupted labels"),
      Map.entry("coupling-test", "softmax2 NTK coupling diagnostic of the CLI only"),
      Map.entry("outputs", "smooth2 teacher outputs on --synthetic data only"),
      Map.entry("checkpoint-every", "mapped from checkpointInterval (Spark's name)"),
      Map.entry("train-layers", "deep-last --train-layers 2 trains W_{L-1} in the driver and "
          + "saves no model; the API trains W_L only (1)")));

  private static final Pattern CLI = Pattern.compile("\\(CLI: --([a-z-]+)\\)");

  private static Set<String> trainOptions() {
    return Stream.of(TrainOptions.SPECS, MiniBatchTrainCommand.SPECS, SoftmaxTrainCommand.SPECS,
        SmoothTrainCommand.SPECS, DeepTrainCommand.SPECS).flatMap(java.util.List::stream)
        .map(OptionSpec::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  @Test
  void everyParamHasAGetterASetterAndNamesAnExistingCliOption() throws Exception {
    Set<String> options = trainOptions();
    for (Params stage : new Params[] {new WideNetRegressor(), new WideNetClassifier()}) {
      for (Param<?> p : stage.params()) {
        String where = stage.getClass().getSimpleName() + "." + p.name();
        Method getter = stage.getClass().getMethod("get" + capitalized(p.name()));
        assertTrue(getter != null, where);
        assertTrue(java.util.Arrays.stream(stage.getClass().getMethods()).anyMatch(m ->
            m.getName().equals("set" + capitalized(p.name())) && m.getParameterCount() == 1),
            where + " has no setter");
        if (SPARK_PARAMS.containsKey(p.name())) {
          String option = SPARK_PARAMS.get(p.name());
          assertTrue(option.isEmpty() || options.contains(option), where + ": --" + option);
          continue;
        }
        Matcher m = CLI.matcher(p.doc());
        if (p.doc().contains("(API only")) {
          continue;
        }
        assertTrue(m.find(), where + "'s doc names no CLI option: " + p.doc());
        assertTrue(options.contains(m.group(1)), where + " names --" + m.group(1)
            + ", which no train command has");
      }
    }
  }

  @Test
  void everyTrainOptionIsAParamOrListedWithAReason() {
    Set<String> covered = new TreeSet<>(SPARK_PARAMS.values());
    for (Params stage : new Params[] {new WideNetRegressor(), new WideNetClassifier()}) {
      for (Param<?> p : stage.params()) {
        Matcher m = CLI.matcher(p.doc());
        if (m.find()) {
          covered.add(m.group(1));
        }
      }
    }
    Set<String> missing = new TreeSet<>(trainOptions());
    missing.removeAll(covered);
    missing.removeAll(NOT_PARAMS.keySet());
    assertEquals(Set.of(), missing, "train options that are neither Params nor listed");
    Set<String> stale = new TreeSet<>(NOT_PARAMS.keySet());
    stale.removeAll(trainOptions());
    assertEquals(Set.of(), stale, "listed options no train command has");
  }

  /**
   * deep-last's Params have the defaults of {@code widenet train --model deep-last}'s options
   * (maxIter, activation and optimizer are shared Params: their deep-last defaults apply when
   * they are unset, see DeepLastFitting).
   */
  @Test
  void deepLastParamsHaveTheDeepLastCommandsDefaults() {
    Map<String, String> cli = new TreeMap<>();
    for (OptionSpec o : DeepTrainCommand.SPECS) {
      cli.put(o.name(), o.defaultText());
    }
    WideNetRegressor r = new WideNetRegressor();
    assertEquals(Integer.parseInt(cli.get("depth")), r.getDepth());
    assertEquals(Double.parseDouble(cli.get("alpha")), r.getAlpha());
    assertTrue(Double.isNaN(r.getThreshold()), "threshold unset: from alpha, as --threshold");
    assertEquals("from --alpha", cli.get("threshold"));
    assertEquals(cli.get("gn"), r.getGnMethod());
    assertEquals(Integer.parseInt(cli.get("sketch-size")), r.getSketchSize());
    assertEquals(Long.parseLong(cli.get("sketch-seed")), r.getSketchSeed());
    assertTrue(r.getExactCheck(), "--no-exact-check is off by default");
    assertEquals(Double.parseDouble(cli.get("tolerance")), r.getResidualTol());
    assertEquals(Double.parseDouble(cli.get("damping")), r.getDamping());
    assertEquals(Long.parseLong(cli.get("seed")), r.getSeed());
    assertEquals(Long.parseLong(cli.get("width")), r.getWidth());
    assertEquals(Double.parseDouble(cli.get("cg-tol")), r.getCgTol());
    assertEquals(Integer.parseInt(cli.get("cg-max-iter")), r.getCgMaxIter());
    assertEquals(Integer.parseInt(cli.get("checkpoint-every")), r.getCheckpointInterval());
    assertEquals(Integer.parseInt(cli.get("iterations")),
        DeepLastParams.DEEP_LAST_ITERATIONS);
    assertEquals(cli.get("activation"), DeepLastParams.DEEP_LAST_ACTIVATION);
    assertEquals(cli.get("optimizer"), DeepLastParams.DEEP_LAST_OPTIMIZER);
  }
}
