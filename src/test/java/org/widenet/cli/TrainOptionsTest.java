package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.DataFormat;
import org.widenet.model.ModelFamily;
import org.widenet.train.GramMode;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;

/** Option parsing of {@code widenet train}, without Spark and without reading any data. */
class TrainOptionsTest {
  private static final String SPHERE = "sphere:n=10,d=3,target=random,seed=1";

  /** Every option of widenet train, written out here so the help text is checked against it. */
  private static final List<String> ALL_OPTIONS = List.of(
      "config", "model", "width", "optimizer", "lr", "damping", "iterations", "partitions",
      "seed", "init-scale", "symmetric-init", "gram-every", "gram", "step-form",
      "driver-gram-limit",
      "cg-tol", "cg-max-iter", "lanczos-steps", "preconditioner-rank", "preconditioner-every",
      "checkpoint-dir", "checkpoint-every", "resume",
      "divergence-factor", "predict", "data", "format", "label-col", "feature-cols",
      "features-col", "skip-bad-rows", "test-data", "classes", "n", "test-n", "synthetic",
      "normalize", "random-label-fraction", "label-seed", "scale-labels", "out", "overwrite",
      "master", "spark-conf", "report", "help");

  @TempDir Path dir;


  private static TrainOptions parse(String... args) {
    return TrainOptions.parse(args);
  }

  private static UsageException rejects(String... args) {
    return assertThrows(UsageException.class, () -> TrainOptions.parse(args));
  }

  @Test
  void defaultsMatchTheHelpText() {
    TrainOptions o = parse("--synthetic", SPHERE);
    assertEquals(ModelFamily.RELU2, o.network.family());
    assertEquals(10_000L, o.network.width());
    assertEquals(OptimizerKind.GD, o.optimizer);
    assertTrue(TrainConfig.isAutoLearningRate(o.learningRate));
    assertEquals(0.0, o.damping);
    assertEquals(100, o.iterations);
    assertNull(o.partitions);
    assertEquals(0L, o.network.seed());
    assertEquals(1.0, o.network.initScale());
    assertFalse(o.network.symmetricInit());
    assertEquals(10, o.gramEvery);
    assertNull(o.checkpointDir);
    assertEquals(10, o.checkpointEvery);
    assertEquals("label", o.data.labelColumn);
    assertFalse(o.data.normalize);
    assertFalse(o.overwrite);
    assertNull(o.out);
    assertNull(o.master);
    assertTrue(o.sparkConf.isEmpty());
    assertEquals(SPHERE, o.data.synthetic.toString());
    assertNull(o.data.path);
    assertNull(o.data.format);
  }

  @Test
  void keyEqualsValueFormIsTheSameAsTwoArguments() {
    TrainOptions inline = parse("--synthetic=" + SPHERE, "--width=400", "--model=exp2",
        "--lr=0.25", "--seed=-3", "--partitions=4");
    TrainOptions split = parse("--synthetic", SPHERE, "--width", "400", "--model", "exp2",
        "--lr", "0.25", "--seed", "-3", "--partitions", "4");
    for (TrainOptions o : List.of(inline, split)) {
      assertEquals(400L, o.network.width());
      assertEquals(ModelFamily.EXP2, o.network.family());
      assertEquals(0.25, o.learningRate);
      assertEquals(-3L, o.network.seed());
      assertEquals(4, o.partitions);
      assertEquals(SPHERE, o.data.synthetic.toString());
    }
  }

  @Test
  void inlineValueMayItselfContainEquals() {
    TrainOptions o = parse("--synthetic", SPHERE, "--spark-conf=spark.a=x=y");
    assertEquals(Map.of("spark.a", "x=y"), o.sparkConf);
  }

  @Test
  void aNonRepeatableOptionGivenTwiceIsAnError() {
    assertEquals("option --iterations given twice (3 and 7): give it once",
        rejects("--synthetic", SPHERE, "--iterations", "3", "--iterations=7").getMessage());
    assertEquals("option --normalize given twice: give it once",
        rejects("--synthetic", SPHERE, "--normalize", "--normalize").getMessage());
    // Even the same value twice: the command line should say each thing once.
    assertTrue(rejects("--synthetic", SPHERE, "--lr", "0.1", "--lr", "0.1").getMessage()
        .startsWith("option --lr given twice (0.1 and 0.1)"));
  }

  @Test
  void scaleLabelsIsADataOptionOfTrainAndNtkButNotOfPredict() {
    assertFalse(parse("--synthetic", SPHERE).data.scaleLabels);
    assertTrue(parse("--synthetic", SPHERE, "--scale-labels").data.scaleLabels);
    assertTrue(NtkOptions.parse(new String[] {"--synthetic", SPHERE, "--scale-labels"}).data
        .scaleLabels);
    // predict uses the factor the model recorded, never one of its own.
    CliRun r = CliRun.main("predict", "--model", dir.resolve("m").toString(), "--synthetic",
        SPHERE, "--scale-labels", "--out", dir.resolve("p").toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(List.of("widenet: error: unknown option --scale-labels (see --help)"),
        r.errLines());
  }

  @Test
  void repeatedSparkConfKeepsEverySettingInOrder() {
    TrainOptions o = parse("--synthetic", SPHERE, "--spark-conf", "spark.b=2",
        "--spark-conf=spark.a = 1", "--spark-conf", "spark.c=");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("spark.b", "2");
    expected.put("spark.a", "1");
    expected.put("spark.c", "");
    assertEquals(expected, o.sparkConf);
    assertEquals(List.of("spark.b", "spark.a", "spark.c"), List.copyOf(o.sparkConf.keySet()));
  }

  @Test
  void sparkConfWithoutKeyIsAnError() {
    assertTrue(rejects("--synthetic", SPHERE, "--spark-conf", "novalue").getMessage()
        .contains("--spark-conf \"novalue\""));
    assertTrue(rejects("--synthetic", SPHERE, "--spark-conf", "=1").getMessage()
        .contains("KEY=VALUE"));
  }

  @Test
  void flagGivenAValueIsAnError() {
    assertEquals("option --overwrite takes no value",
        rejects("--synthetic", SPHERE, "--overwrite=true").getMessage());
    assertEquals("option --symmetric-init takes no value",
        rejects("--synthetic", SPHERE, "--symmetric-init=").getMessage());
    // A separate word after a flag is not its value but a stray argument.
    assertTrue(rejects("--synthetic", SPHERE, "--normalize", "yes").getMessage()
        .contains("unexpected argument \"yes\""));
  }

  @Test
  void flagsAreSetByBeingPresent() {
    TrainOptions o = parse("--synthetic", SPHERE, "--width", "10", "--symmetric-init",
        "--normalize", "--overwrite");
    assertTrue(o.network.symmetricInit());
    assertTrue(o.data.normalize);
    assertTrue(o.overwrite);
  }

  @Test
  void missingValueIsAnErrorNamingTheOption() {
    assertEquals("option --width needs a value (M)",
        rejects("--synthetic", SPHERE, "--width").getMessage());
    // The next word is an option, so it is not taken as the value.
    assertEquals("option --out needs a value (DIR)",
        rejects("--synthetic", SPHERE, "--out", "--overwrite").getMessage());
  }

  @Test
  void negativeNumbersAreValuesNotOptions() {
    TrainOptions o = parse("--synthetic", SPHERE, "--seed", "-7", "--lr", "1e-3");
    assertEquals(-7L, o.network.seed());
    assertEquals(1e-3, o.learningRate);
  }

  @Test
  void strayArgumentsAndUnknownOptionsAreErrors() {
    assertTrue(rejects("--synthetic", SPHERE, "extra").getMessage()
        .contains("unexpected argument \"extra\""));
    assertTrue(rejects("--synthetic", SPHERE, "-w", "3").getMessage().contains("\"-w\""));
    assertTrue(rejects("--synthetic", SPHERE, "--").getMessage().contains("\"--\""));
    assertEquals("unknown option --widht (see --help)",
        rejects("--synthetic", SPHERE, "--widht", "3").getMessage());
  }

  @Test
  void learningRateAutoIsForGradientDescentOnly() {
    assertTrue(TrainConfig.isAutoLearningRate(parse("--synthetic", SPHERE, "--lr", "auto")
        .learningRate));
    assertTrue(TrainConfig.isAutoLearningRate(parse("--synthetic", SPHERE, "--lr", " AUTO ")
        .learningRate));
    String why = rejects("--synthetic", SPHERE, "--optimizer", "gn", "--lr", "auto")
        .getMessage();
    assertTrue(why.contains("--lr auto"), why);
    // gn without --lr gets the fixed default step 1.
    TrainOptions gn = parse("--synthetic", SPHERE, "--optimizer", "GN");
    assertEquals(OptimizerKind.GN, gn.optimizer);
    assertEquals(1.0, gn.learningRate);
  }

  @Test
  void outOfRangeNumbersNameTheOption() {
    assertTrue(rejects("--synthetic", SPHERE, "--lr", "0").getMessage().contains("--lr"));
    assertTrue(rejects("--synthetic", SPHERE, "--lr", "-1").getMessage().contains("--lr"));
    assertTrue(rejects("--synthetic", SPHERE, "--damping", "-1").getMessage()
        .contains("--damping"));
    assertTrue(rejects("--synthetic", SPHERE, "--iterations", "-1").getMessage()
        .contains("--iterations"));
    assertTrue(rejects("--synthetic", SPHERE, "--gram-every", "0").getMessage()
        .contains("--gram-every"));
    assertTrue(rejects("--synthetic", SPHERE, "--partitions", "0").getMessage()
        .contains("--partitions"));
    assertTrue(rejects("--synthetic", SPHERE, "--checkpoint-every", "0").getMessage()
        .contains("--checkpoint-every"));
    assertTrue(rejects("--synthetic", SPHERE, "--init-scale", "0").getMessage()
        .contains("--init-scale"));
    assertTrue(rejects("--synthetic", SPHERE, "--width", "5", "--partitions", "6")
        .getMessage().contains("--partitions"));
    assertEquals("--iterations \"1.5\": not a valid number",
        rejects("--synthetic", SPHERE, "--iterations", "1.5").getMessage());
    assertTrue(rejects("--synthetic", SPHERE, "--model", "relu3").getMessage()
        .contains("relu3"));
    assertTrue(rejects("--synthetic", SPHERE, "--optimizer", "adam").getMessage()
        .contains("adam"));
  }

  @Test
  void formatIsGuessedFromTheFileName() {
    Map<String, DataFormat> cases = new LinkedHashMap<>();
    cases.put("a.csv", DataFormat.CSV);
    cases.put("dir.v2/A.CSV", DataFormat.CSV);
    cases.put("a.csv.gz", DataFormat.CSV);
    cases.put("hdfs://nn/x/train.csv", DataFormat.CSV);
    cases.put("a.libsvm", DataFormat.LIBSVM);
    cases.put("a.svm", DataFormat.LIBSVM);
    cases.put("a.libsvm.gz", DataFormat.LIBSVM);
    cases.put("a.txt", DataFormat.LIBSVM);
    cases.forEach((path, format) ->
        assertEquals(format, parse("--data", path).data.format, path));
    // Parsing options never opens the file.
    assertEquals("a.csv", parse("--data", "a.csv").data.path);
  }

  @Test
  void explicitFormatWinsOverTheName() {
    assertEquals(DataFormat.CSV, parse("--data", "a.txt", "--format", "csv").data.format);
    assertEquals(DataFormat.LIBSVM, parse("--data", "a.dat", "--format", "LibSVM").data.format);
    assertTrue(rejects("--data", "a.csv", "--format", "json").getMessage()
        .contains("--format \"json\""));
  }

  @Test
  void unknownExtensionAsksForFormat() {
    String why = rejects("--data", "train.dat").getMessage();
    assertTrue(why.contains("train.dat") && why.contains("--format"), why);
  }

  @Test
  void dataAndSyntheticAreExclusive() {
    rejects();
    rejects("--data", "a.csv", "--synthetic", SPHERE);
    assertTrue(rejects("--synthetic", SPHERE, "--format", "csv").getMessage()
        .contains("--format"));
    assertTrue(rejects("--synthetic", SPHERE, "--label-col", "y").getMessage()
        .contains("--label-col"));
    assertEquals("y", parse("--data", "a.csv", "--label-col", "y").data.labelColumn);
  }

  @Test
  void configFileValuesAreOverriddenByFlags() {
    Path conf = CliRun.write(dir.resolve("c.properties"), String.join("\n",
        "# comment",
        "synthetic = " + SPHERE,
        "width=400",
        "iterations=3",
        "model=exp2",
        "normalize=true",
        "symmetric-init=false",
        "spark-conf=spark.a=1; spark.b=2",
        ""));
    TrainOptions fromFile = parse("--config", conf.toString());
    assertEquals(400L, fromFile.network.width());
    assertEquals(3, fromFile.iterations);
    assertEquals(ModelFamily.EXP2, fromFile.network.family());
    assertTrue(fromFile.data.normalize);
    assertFalse(fromFile.network.symmetricInit());
    assertEquals(Map.of("spark.a", "1", "spark.b", "2"), fromFile.sparkConf);
    assertEquals(SPHERE, fromFile.data.synthetic.toString());

    TrainOptions overridden = parse("--iterations", "5", "--config", conf.toString(),
        "--model=relu2");
    assertEquals(5, overridden.iterations);
    assertEquals(ModelFamily.RELU2, overridden.network.family());
    assertEquals(400L, overridden.network.width());
  }

  @Test
  void configFileErrorsNameTheFile() {
    Path flag = CliRun.write(dir.resolve("flag.properties"), "normalize=yes\n");
    String why = rejects("--synthetic", SPHERE, "--config", flag.toString()).getMessage();
    assertTrue(why.contains(flag.toString()) && why.contains("\"normalize\""), why);
    Path nested = CliRun.write(dir.resolve("nested.properties"), "config=other.properties\n");
    why = rejects("--synthetic", SPHERE, "--config", nested.toString()).getMessage();
    assertTrue(why.contains(nested.toString()) && why.contains("\"config\""), why);
  }

  @Test
  void gramOptionsParseAndAutoFollowsTheLimit() {
    TrainOptions defaults = parse("--synthetic", SPHERE);
    assertNull(defaults.gram, "auto by default");
    assertEquals(DriverGram.defaultLimit(), defaults.driverGramLimit);
    assertEquals(1e-10, defaults.cgTolerance);
    assertEquals(500, defaults.cgMaxIterations);
    assertEquals(60, defaults.lanczosSteps);
    assertEquals(GramMode.EXACT, defaults.gramMode(10), "10 rows fit any driver");
    assertEquals(GramMode.MATRIX_FREE, parse("--synthetic", SPHERE, "--gram", "Matrix-Free")
        .gramMode(10));
    assertEquals(GramMode.EXACT, parse("--synthetic", SPHERE, "--gram", "exact",
        "--driver-gram-limit", "1").gramMode(10_000), "an explicit mode is kept");
    TrainOptions tiny = parse("--synthetic", SPHERE, "--gram", "auto", "--driver-gram-limit",
        "1K");
    assertEquals(1024L, tiny.driverGramLimit);
    assertEquals(GramMode.MATRIX_FREE, tiny.gramMode(10));
    // 5 rows, one collected partial: (1 + 4) * 15 packed + 25 dense doubles = 800 bytes.
    assertEquals(GramMode.EXACT, tiny.gramMode(5));
    assertEquals(8L * (5 * 15 + 25), tiny.exactGramBytes(5));
    TrainOptions mf = parse("--synthetic", SPHERE, "--gram", "matrix-free", "--optimizer", "gn",
        "--cg-tol", "1e-6", "--cg-max-iter", "20", "--lanczos-steps", "7");
    TrainConfig config = mf.config(2, mf.gramMode(10));
    assertEquals(GramMode.MATRIX_FREE, config.gram().mode());
    assertEquals(1e-6, config.gram().cgTolerance());
    assertEquals(20, config.gram().cgMaxIterations());
    assertEquals(7, config.gram().lanczosSteps());
    assertTrue(rejects("--synthetic", SPHERE, "--gram", "dense").getMessage()
        .contains("--gram \"dense\""));
    assertTrue(rejects("--synthetic", SPHERE, "--driver-gram-limit", "5x").getMessage()
        .contains("expected a byte count"));
    assertTrue(rejects("--synthetic", SPHERE, "--driver-gram-limit", "-1").getMessage()
        .contains("expected a byte count"));
    assertTrue(rejects("--synthetic", SPHERE, "--cg-tol", "0").getMessage()
        .contains("--cg-tol"));
    assertTrue(rejects("--synthetic", SPHERE, "--cg-max-iter", "0").getMessage()
        .contains("--cg-max-iter"));
    assertTrue(rejects("--synthetic", SPHERE, "--lanczos-steps", "0").getMessage()
        .contains("--lanczos-steps"));
  }

  @Test
  void helpTextListsEveryOptionAndNothingElse() {
    String help = TrainOptions.help();
    for (String name : ALL_OPTIONS) {
      assertTrue(Pattern.compile("(?m)^  --" + Pattern.quote(name) + "(\\s|$)").matcher(help)
          .find(), "help lacks --" + name + ":\n" + help);
    }
    Set<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  --([a-z-]+)").matcher(help);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertEquals(new TreeSet<>(ALL_OPTIONS), listed);
    // Every option the parser accepts is one the help lists.
    Set<String> accepted = new TreeSet<>();
    TrainOptions.SPECS.forEach(s -> accepted.add(s.name()));
    assertEquals(listed, accepted);
    // Defaults appear in help.
    assertTrue(help.contains("[10000]") && help.contains("[relu2]") && help.contains("[100]"),
        help);
  }

  @Test
  void helpAndVersionThroughMain() {
    // --help wins anywhere; -h only as the first argument (elsewhere it may be a value).
    for (String[] args : List.of(new String[] {"--width", "0", "--help"},
        new String[] {"-h", "--width", "0"})) {
      CliRun r = CliRun.train(args);
      assertEquals(0, r.code(), r.describe());
      assertEquals(TrainOptions.help(), r.out());
      assertEquals("", r.err());
    }
    CliRun top = CliRun.main("--help");
    assertEquals(0, top.code());
    assertTrue(top.out().contains("train"), top.out());
    CliRun version = CliRun.main("version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("widenet "), version.out());
    assertFalse(version.out().contains("unknown") || version.out().contains("${"),
        "version not filtered from the build: " + version.out());
  }
}
