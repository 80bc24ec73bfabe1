package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.DataFormat;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.testutil.SparkFixture;

/**
 * The data sources of the command line: Parquet written by Spark, CSV feature columns, and
 * --skip-bad-rows (the warning line, summary.json, and the error without the flag).
 */
class CliDataSourcesTest {
  private static final String SPEC = "sphere:n=12,d=3,target=random,seed=3";
  /** A master URL Spark cannot parse: starting Spark would end in exit 1, not 2. */
  private static final String NO_SPARK = "no-such-master://x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  /** Spark's output directory: label, vectors in "f" (even rows sparse), a string column. */
  private static Path parquet;
  /** The same rows as CSV, columns x1,x2,x3,label. */
  private static Path csv;
  /** csv with two bad rows inserted, at lines 3 and 7. */
  private static Path badCsv;

  @BeforeAll
  static void writeData() {
    Dataset data = SyntheticSpec.parse(SPEC).generate();
    int n = data.n();
    List<Row> rows = new ArrayList<>();
    List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label"));
    for (int i = 0; i < n; i++) {
      double[] x = data.row(i);
      if (i % 2 == 0) {
        x[1] = 0;
      }
      rows.add(RowFactory.create(data.y()[i], i % 2 == 0
          ? Vectors.sparse(3, new int[] {0, 2}, new double[] {x[0], x[2]})
          : Vectors.dense(x), "row" + i));
      lines.add(x[0] + "," + x[1] + "," + x[2] + "," + data.y()[i]);
    }
    csv = CliRun.write(root.resolve("x.csv"), String.join("\n", lines) + "\n");
    List<String> bad = new ArrayList<>(lines);
    bad.add(2, "0.1,0.2");
    bad.add(6, "0.1,NaN,0.3,1");
    badCsv = CliRun.write(root.resolve("bad.csv"), String.join("\n", bad) + "\n");
    parquet = root.resolve("x.parquet");
    SparkSession spark = SparkFixture.start();
    try {
      StructType schema = new StructType().add("label", DataTypes.DoubleType)
          .add("f", new VectorUDT()).add("name", DataTypes.StringType);
      spark.createDataFrame(rows, schema).coalesce(2).write().parquet(parquet.toString());
    } finally {
      spark.stop();
    }
  }

  private static CliRun run(String command, String... args) {
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "a Spark session is already running");
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun r = CliRun.main(all);
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "Main.run left its session running");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "Main.run left its session active");
    return r;
  }

  private static CliRun train(Path out, String... data) {
    List<String> args = new ArrayList<>(List.of(data));
    args.addAll(List.of("--width", "40", "--iterations", "3", "--partitions", "2", "--lr",
        "0.5", "--master", "local[2]", "--out", out.toString()));
    return run("train", args.toArray(String[]::new));
  }

  private static JsonNode summary(Path out) {
    try {
      return JSON.readTree(out.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void trainsOnSparkParquetLikeOnTheSameCsv() {
    Path fromParquet = root.resolve("run-parquet");
    CliRun p = train(fromParquet, "--data", parquet.toString(), "--features-col", "f");
    assertEquals(0, p.code(), p.describe());
    assertEquals("", p.err(), p.describe());
    JsonNode data = summary(fromParquet).get("data");
    assertEquals("parquet", data.get("format").asText());
    assertEquals("f", data.get("features_col").asText());
    assertEquals("label", data.get("label_col").asText());
    assertEquals(12, data.get("n").asInt());
    assertEquals(3, data.get("d").asInt());
    assertFalse(data.has("skipped_rows"), data.toString());

    Path fromCsv = root.resolve("run-csv");
    CliRun c = train(fromCsv, "--data", csv.toString());
    assertEquals(0, c.code(), c.describe());
    // The same numbers give the same run, to the last bit.
    assertEquals(summary(fromCsv).get("final_loss").asDouble(),
        summary(fromParquet).get("final_loss").asDouble());
    assertEquals(summary(fromCsv).get("initial_loss").asDouble(),
        summary(fromParquet).get("initial_loss").asDouble());
  }

  @Test
  void skipBadRowsWarnsOnceAndCountsInTheSummary() {
    Path out = root.resolve("run-skip");
    CliRun r = train(out, "--data", badCsv.toString(), "--skip-bad-rows");
    assertEquals(0, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertEquals("widenet: warning: skipped 2 bad rows of " + badCsv + " (first: " + badCsv
        + " line 3: expected 4 fields, found 2)", r.errLines().get(0));
    JsonNode data = summary(out).get("data");
    assertEquals("completed", summary(out).get("status").asText());
    assertEquals(2, data.get("skipped_rows").asLong());
    assertEquals(12, data.get("n").asInt());
    JsonNode examples = data.get("skipped_examples");
    assertEquals(2, examples.size(), data.toString());
    assertEquals(badCsv + " line 7, column \"x2\": not a finite number: \"NaN\"",
        examples.get(1).asText());
  }

  @Test
  void withoutTheFlagABadRowStopsBeforeSparkStarts() {
    Path out = root.resolve("run-noskip");
    CliRun r = run("train", "--data", badCsv.toString(), "--width", "40", "--master", NO_SPARK,
        "--out", out.toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(List.of("widenet: error: " + badCsv + " line 3: expected 4 fields, found 2"),
        r.errLines());
    assertEquals("", r.out());
    assertFalse(Files.exists(out), "--out was created for a rejected run");
  }

  @Test
  void skipBadRowsOnCleanParquetRecordsZeroAndNtkCountsToo() {
    Path out = root.resolve("ntk-skip");
    CliRun r = run("ntk", "--kernel", "relu-inf", "--data", badCsv.toString(),
        "--skip-bad-rows", "--normalize", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.errLines().get(0).startsWith("widenet: warning: skipped 2 bad rows of "),
        r.describe());
    assertEquals(2, summary(out).get("data").get("skipped_rows").asLong());

    Path clean = root.resolve("ntk-clean");
    CliRun c = run("ntk", "--kernel", "relu-inf", "--data", parquet.toString(),
        "--features-col", "f", "--skip-bad-rows", "--normalize", "--master", "local[2]",
        "--out", clean.toString());
    assertEquals(0, c.code(), c.describe());
    assertEquals("", c.err(), c.describe());
    JsonNode data = summary(clean).get("data");
    assertEquals(0, data.get("skipped_rows").asLong(), data.toString());
    assertEquals(0, data.get("skipped_examples").size(), data.toString());
  }

  @Test
  void parquetErrorsAreRefusedBeforeSparkStarts() {
    Path out = root.resolve("run-missing-col");
    CliRun r = run("train", "--data", parquet.toString(), "--width", "40", "--master",
        NO_SPARK, "--out", out.toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("widenet: error: " + parquet + "/part-"), line);
    assertTrue(line.endsWith(": column \"features\" not found in the Parquet schema "
        + "[label, f, name]"), line);
    assertFalse(Files.exists(out));
  }

  @Test
  void featureColumnsPickTheCsvColumns() {
    Path out = root.resolve("ntk-cols");
    CliRun r = run("ntk", "--kernel", "relu-inf", "--data", csv.toString(), "--feature-cols",
        "x3, x1", "--normalize", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode data = summary(out).get("data");
    assertEquals(2, data.get("d").asInt());
    assertEquals("[\"x3\",\"x1\"]", data.get("feature_cols").toString());
  }

  // ------------------------------------------------------------ option parsing, no Spark

  private static TrainOptions parse(String... args) {
    return TrainOptions.parse(args);
  }

  private static String rejects(String... args) {
    return assertThrows(UsageException.class, () -> TrainOptions.parse(args)).getMessage();
  }

  @Test
  void parquetIsGuessedFromNamesAndDirectories() throws IOException {
    assertEquals(DataFormat.PARQUET, parse("--data", "a.parquet").data.format);
    assertEquals(DataFormat.PARQUET, parse("--data", "hdfs://nn/t/x.PARQUET/").data.format);
    assertEquals(DataFormat.PARQUET, parse("--data", "a.dat", "--format", "parquet")
        .data.format);
    // A directory of Spark part files without the suffix.
    Path parts = Files.createDirectories(root.resolve("spark-out"));
    Files.writeString(parts.resolve("part-00000-abc.snappy.parquet"), "");
    Files.writeString(parts.resolve("_SUCCESS"), "");
    TrainOptions o = parse("--data", parts.toString());
    assertFalse(o.data.idx);
    assertEquals(DataFormat.PARQUET, o.data.format);
    // A directory with the IDX training images stays IDX, whatever else it holds.
    Path mnist = Files.createDirectories(root.resolve("mnist"));
    Files.writeString(mnist.resolve("train-images-idx3-ubyte.gz"), "");
    Files.writeString(mnist.resolve("extra.parquet"), "");
    assertTrue(rejects("--data", mnist.toString()).contains("is IDX data"));
    assertTrue(parse("--data", mnist.toString(), "--classes", "0,1").data.idx);
    // A directory with neither is IDX, as before.
    Path plain = Files.createDirectories(root.resolve("plain"));
    assertTrue(parse("--data", plain.toString(), "--classes", "0,1").data.idx);
    assertNull(parse("--data", plain.toString(), "--classes", "0,1").data.format);
    assertTrue(new File(plain.toString()).isDirectory());
  }

  @Test
  void newOptionsApplyOnlyWhereTheyMeanSomething() {
    TrainOptions o = parse("--data", "a.csv", "--feature-cols", " b , a ", "--label-col", "y",
        "--skip-bad-rows");
    assertEquals(List.of("b", "a"), o.data.featureColumns);
    assertTrue(o.data.skipBadRows);
    assertFalse(parse("--data", "a.csv").data.skipBadRows);
    assertNull(parse("--data", "a.csv").data.featureColumns);
    assertEquals("vec", parse("--data", "a.parquet", "--features-col", "vec").data
        .featuresColumn);
    assertEquals("features", parse("--data", "a.parquet").data.featuresColumn);
    assertEquals("--feature-cols applies to CSV data only",
        rejects("--data", "a.parquet", "--feature-cols", "a"));
    assertEquals("--features-col applies to Parquet data only",
        rejects("--data", "a.csv", "--features-col", "v"));
    assertEquals("--skip-bad-rows applies to --data only",
        rejects("--synthetic", SPEC, "--skip-bad-rows"));
    assertTrue(rejects("--data", "a.csv", "--feature-cols", "a,,b")
        .startsWith("--feature-cols \"a,,b\": empty column name"));
    assertTrue(rejects("--data", "a.csv", "--feature-cols", "a,a").contains("listed twice"));
    assertTrue(rejects("--data", "a.csv", "--feature-cols", "a,label").contains("label"));
    assertTrue(rejects("--data", "a.parquet", "--features-col", "label").contains("both"));
    assertEquals("--format \"orc\": unknown data format \"orc\"; expected one of: libsvm, csv, "
        + "parquet", rejects("--data", "a.csv", "--format", "orc"));
  }
}
