package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.widenet.report.MetricsCsvWriter;

/**
 * Every family's {@code widenet train} (issue 14, acceptance 6 and 7): a --config file selects
 * model and optimizer exactly as the flags do, and metrics.csv starts with the nine contract
 * columns. Each run is tiny (width &lt;= 200, at most 3 iterations or epochs, local[2]).
 */
class TrainVocabularyTest {
  private static final String SPHERE = "sphere:n=12,d=4,target=random,seed=2";

  @TempDir
  static Path dir;

  private static String softmaxData;
  /** The flags run of each family, shared by both tests. */
  private static final Map<String, Path> FLAG_RUNS = new HashMap<>();

  /** One family's command: model, optimizer (or null), and its other options. */
  record Family(String name, String model, String optimizer, List<String> rest) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void data() {
    StringBuilder sb = new StringBuilder("x1,x2,x3,y1,y2\n");
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 10; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextGaussian();
      double norm = Math.sqrt(a * a + b * b + c * c);
      sb.append(String.format(java.util.Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f%n", a / norm,
          b / norm, c / norm, 0.5 * Math.sin(a), 0.5 * Math.cos(b)));
    }
    softmaxData = CliRun.write(dir.resolve("softmax.csv"), sb.toString()).toString();
  }

  static Stream<Family> families() {
    List<String> twoLayer = List.of("--synthetic", SPHERE, "--width", "40", "--iterations",
        "2", "--partitions", "2");
    return Stream.of(
        new Family("relu2", "relu2", null, twoLayer),
        new Family("exp2", "exp2", null, twoLayer),
        new Family("relu2-sgd", "relu2", "sgd", List.of("--synthetic", SPHERE, "--width", "40",
            "--lr", "0.2", "--epochs", "2", "--batch-size", "4", "--partitions", "2")),
        new Family("softmax2", "softmax2", null, List.of("--data", "SOFTMAX", "--label-cols",
            "y1,y2", "--width", "40", "--iterations", "2", "--partitions", "2")),
        new Family("smooth2", "smooth2", null, twoLayer),
        new Family("deep-last", "deep-last", null, List.of("--synthetic", SPHERE, "--depth",
            "2", "--width", "64", "--iterations", "2", "--partitions", "2")));
  }

  private static List<String> common(Family f, Path out) {
    List<String> args = new ArrayList<>();
    for (String a : f.rest()) {
      args.add(a.equals("SOFTMAX") ? softmaxData : a);
    }
    args.addAll(List.of("--master", "local[2]", "--out", out.toString()));
    return args;
  }

  /** The run with --model (and --optimizer) as flags, once per family. */
  private static synchronized Path flagRun(Family f) {
    return FLAG_RUNS.computeIfAbsent(f.name(), name -> {
      Path out = dir.resolve(name + "-flags");
      List<String> args = new ArrayList<>(List.of("--model", f.model()));
      if (f.optimizer() != null) {
        args.addAll(List.of("--optimizer", f.optimizer()));
      }
      args.addAll(common(f, out));
      CliRun r = CliRun.train(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.describe());
      return out;
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void configFileSelectsTheSameCommandAsFlags(Family f) throws IOException {
    Path flags = flagRun(f);
    Path out = dir.resolve(f.name() + "-config");
    String config = "model=" + f.model() + "\n"
        + (f.optimizer() != null ? "optimizer=" + f.optimizer() + "\n" : "");
    Path file = CliRun.write(dir.resolve(f.name() + ".properties"), config);
    List<String> args = new ArrayList<>(List.of("--config", file.toString()));
    args.addAll(common(f, out));
    CliRun r = CliRun.train(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    JsonNode a = settings(flags);
    JsonNode b = settings(out);
    assertEquals(f.model(), a.get("model").asText());
    assertEquals(0, a.get("seed").asLong(), "the shared --seed default");
    assertEquals(a.get("model").asText(), b.get("model").asText());
    assertEquals(a.get("optimizer").asText(), b.get("optimizer").asText());
    assertEquals(column(flags, "loss"), column(out, "loss"));
    assertEquals(header(flags), header(out));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void metricsStartWithTheContractColumns(Family f) throws IOException {
    String header = header(flagRun(f));
    assertTrue(header.equals(MetricsCsvWriter.HEADER)
        || header.startsWith(MetricsCsvWriter.HEADER + ","), header);
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change", String.join(",",
            List.of(header.split(",")).subList(0, 9)));
  }

  @org.junit.jupiter.api.Test
  void routeReadsFlagsOverTheConfigFile() {
    Path smooth = CliRun.write(dir.resolve("route-smooth.properties"), "model=smooth2\n");
    Path sgd = CliRun.write(dir.resolve("route-sgd.properties"), "optimizer=sgd\n");
    assertEquals(TrainCommand.Route.SMOOTH2, TrainCommand.route(new String[] {"--config",
        smooth.toString()}));
    assertEquals(TrainCommand.Route.TWO_LAYER, TrainCommand.route(new String[] {"--config",
        smooth.toString(), "--model", "relu2"}));
    assertEquals(TrainCommand.Route.MINI_BATCH, TrainCommand.route(new String[] {"--config",
        sgd.toString(), "--model=exp2"}));
    assertEquals(TrainCommand.Route.SOFTMAX2, TrainCommand.route(new String[] {"--config",
        sgd.toString(), "--model", "softmax2"}));
    assertEquals(TrainCommand.Route.DEEP_LAST, TrainCommand.route(new String[] {"-h",
        "--model", "deep-last"}));
    assertEquals(TrainCommand.Route.TWO_LAYER, TrainCommand.route(new String[] {"--config",
        sgd.toString(), "--optimizer", "gn"}));
  }

  @org.junit.jupiter.api.Test
  void sharedDefaultsAreTheSameInEveryFamily() {
    for (List<OptionSpec> specs : List.of(TrainOptions.SPECS, MiniBatchTrainCommand.SPECS,
        SoftmaxTrainCommand.SPECS, SmoothTrainCommand.SPECS, DeepTrainCommand.SPECS)) {
      for (OptionSpec shared : List.of(SharedTrainOptions.SEED, SharedTrainOptions.WIDTH,
          SharedTrainOptions.OUT)) {
        assertTrue(specs.contains(shared), shared.name());
      }
    }
    for (List<OptionSpec> specs : List.of(TrainOptions.SPECS, SoftmaxTrainCommand.SPECS,
        SmoothTrainCommand.SPECS)) {
      assertTrue(specs.contains(SharedTrainOptions.GRAM_EVERY));
    }
    for (List<OptionSpec> specs : List.of(TrainOptions.SPECS, DeepTrainCommand.SPECS)) {
      assertTrue(specs.contains(SharedTrainOptions.CG_TOL));
      assertTrue(specs.contains(SharedTrainOptions.CG_MAX_ITER));
    }
  }

  @org.junit.jupiter.api.Test
  void gramEveryZeroIsRefusedExceptBySmooth2() {
    for (String model : List.of("relu2", "softmax2")) {
      List<String> data = model.equals("relu2") ? List.of("--synthetic", SPHERE)
          : List.of("--data", softmaxData, "--label-cols", "y1,y2");
      List<String> args = new ArrayList<>(List.of("--model", model, "--gram-every", "0",
          "--out", dir.resolve("zero-" + model).toString()));
      args.addAll(data);
      CliRun r = CliRun.train(args.toArray(String[]::new));
      assertEquals(2, r.code(), r.describe());
      assertTrue(r.err().contains("--gram-every must be >= 1"), r.describe());
    }
    CliRun r = CliRun.train("--model", "smooth2", "--synthetic", SPHERE, "--gram-every", "-1",
        "--out", dir.resolve("zero-smooth2").toString());
    assertEquals(2, r.code(), r.describe());
    assertTrue(r.err().contains("--gram-every must be >= 1"), r.describe());
  }

  private static JsonNode settings(Path run) throws IOException {
    return new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("settings");
  }

  private static String header(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).get(0);
  }

  private static List<String> column(Path run, String name) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    int index = List.of(lines.get(0).split(",")).indexOf(name);
    List<String> values = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      values.add(line.split(",", -1)[index]);
    }
    return values;
  }
}
