package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is refused with exit code 2 and exactly one line on stderr that names the file and
 * line/column (or the option), before any Spark session exists and before --out is created.
 * This class never starts Spark itself.
 */
class CliBadInputTest {
  private static final String SPHERE = "sphere:n=12,d=3,target=random,seed=1";

  @TempDir Path dir;
  private Path out;

  @BeforeEach
  void noSparkYet() {
    out = dir.resolve("run-out");
    Rejection.assertNoSparkSession();
  }

  /**
   * Runs {@code widenet train args --out OUT --master local[2]}, checks the rejection contract
   * (see {@link Rejection}) and that the single error line contains every fragment.
   */
  private String assertRejected(List<String> args, String... fragments) {
    return Rejection.assertRejected(out, "train", args, fragments);
  }

  private static List<String> data(Path file) {
    return List.of("--data", file.toString(), "--width", "40", "--iterations", "2");
  }

  @Test
  void csvWithNanFeatureNamesFileLineAndColumn() {
    Path csv = CliRun.write(dir.resolve("nan.csv"),
        "x1,x2,label\n0.1,0.2,1\n0.3,NaN,-1\n0.5,0.6,1\n");
    assertRejected(data(csv), csv.toString(), "line 3", "\"x2\"", "NaN");
  }

  @Test
  void csvRowOfWrongDimensionNamesFileAndLine() {
    Path csv = CliRun.write(dir.resolve("short.csv"),
        "x1,x2,label\n0.1,0.2,1\n\n0.3,-1\n");
    // Line 4: blank lines still count.
    assertRejected(data(csv), csv.toString(), "line 4", "expected 3 fields, found 2");
  }

  @Test
  void csvRowWithTooManyFieldsIsRejected() {
    Path csv = CliRun.write(dir.resolve("long.csv"), "x1,x2,label\n0.1,0.2,0.3,1\n");
    assertRejected(data(csv), csv.toString(), "line 2", "found 4");
  }

  @Test
  void emptyFileNamesFile() {
    Path csv = CliRun.write(dir.resolve("empty.csv"), "");
    assertRejected(data(csv), csv.toString(), "no data rows");
  }

  @Test
  void headerOnlyCsvNamesFile() {
    Path csv = CliRun.write(dir.resolve("header.csv"), "x1,x2,label\n");
    assertRejected(data(csv), csv.toString(), "no data rows");
  }

  @Test
  void emptyLibsvmFileNamesFile() {
    Path svm = CliRun.write(dir.resolve("empty.libsvm"), "# only a comment\n\n");
    assertRejected(data(svm), svm.toString(), "no data rows");
  }

  @Test
  void missingPathNamesFile() {
    Path missing = dir.resolve("nowhere").resolve("missing.csv");
    assertRejected(data(missing), missing.toString(), "no such file");
  }

  @Test
  void libsvmBadTokenNamesFileLineAndToken() {
    Path svm = CliRun.write(dir.resolve("bad.libsvm"), "1 1:0.5 2:0.25\n-1 1:0.5 2-0.25\n");
    assertRejected(data(svm), svm.toString(), "line 2", "\"2-0.25\"");
  }

  @Test
  void libsvmNonFiniteValueNamesFileLineAndIndex() {
    Path svm = CliRun.write(dir.resolve("inf.svm"), "1 1:0.5\n1 1:0.5\n-1 1:0.5 3:inf\n");
    assertRejected(data(svm), svm.toString(), "line 3", "index 3", "\"inf\"");
  }

  @Test
  void csvMissingLabelColumnNamesTheColumn() {
    Path csv = CliRun.write(dir.resolve("nolabel.csv"), "x1,x2,y\n0.1,0.2,1\n");
    assertRejected(data(csv), csv.toString(), "line 1", "\"label\"");
  }

  @Test
  void widthZeroNamesTheOption() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "0"), "--width", "0");
  }

  @Test
  void oddWidthWithSymmetricInitNamesBothOptions() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "7", "--symmetric-init"),
        "--symmetric-init", "--width", "7");
  }

  @Test
  void unknownOptionNamesTheOption() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40", "--bogus-flag", "3"),
        "--bogus-flag");
  }

  @Test
  void nonNumericValueNamesTheOptionAndValue() {
    assertRejected(List.of("--synthetic", SPHERE, "--iterations", "ten"),
        "--iterations", "\"ten\"");
  }

  @Test
  void badSyntheticSpecNamesTheOption() {
    assertRejected(List.of("--synthetic", "sphere:n=10,d=1"), "--synthetic", "d");
  }

  @Test
  void morePartitionsThanPairsNamesPartitions() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "8", "--symmetric-init",
        "--partitions", "5"), "--partitions");
  }

  @Test
  void badConfigKeyNamesFileAndKey() {
    Path conf = CliRun.write(dir.resolve("run.properties"),
        "synthetic=" + SPHERE + "\nwidht=400\niterations=3\n");
    assertRejected(List.of("--config", conf.toString()), conf.toString(), "\"widht\"");
  }

  @Test
  void missingConfigFileNamesFile() {
    Path conf = dir.resolve("absent.properties");
    assertRejected(List.of("--config", conf.toString(), "--synthetic", SPHERE),
        conf.toString(), "no such file");
  }

  @Test
  void badValueInConfigNamesTheOption() {
    Path conf = CliRun.write(dir.resolve("bad.properties"),
        "synthetic=" + SPHERE + "\nwidth=0\n");
    assertRejected(List.of("--config", conf.toString()), "--width");
  }

  @Test
  void neitherDataNorSyntheticIsRejected() {
    assertRejected(List.of("--width", "40"), "--data", "--synthetic");
  }

  @Test
  void outThatIsAFileIsRejectedAndLeftAlone() {
    Path file = CliRun.write(dir.resolve("taken"), "keep me\n");
    CliRun r = CliRun.train("--synthetic", SPHERE, "--width", "40", "--out", file.toString(),
        "--master", "local[2]");
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: error: --out " + file), r.describe());
    assertTrue(SparkSession.getDefaultSession().isEmpty());
    assertTrue(file.toFile().isFile());
  }

  @Test
  void outBelowARegularFileIsOneLineNamingOut() {
    Path file = CliRun.write(dir.resolve("plain-file"), "keep me\n");
    Path below = file.resolve("run");
    CliRun r = CliRun.train("--synthetic", SPHERE, "--width", "40", "--out", below.toString(),
        "--master", "local[2]");
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: error: "), r.describe());
    assertTrue(r.err().contains("--out " + below), r.describe());
    assertEquals("", r.out());
    assertTrue(SparkSession.getDefaultSession().isEmpty());
    assertTrue(file.toFile().isFile());
  }

  @Test
  void noCommandIsOneLine() {
    CliRun r = CliRun.main();
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: error: "), r.describe());
    assertTrue(r.err().contains("train"), r.describe());
  }

  @Test
  void unknownCommandIsOneLine() {
    CliRun r = CliRun.main("trian", "--width", "4");
    assertEquals(2, r.code(), r.describe());
    assertEquals(List.of("widenet: error: unknown command \"trian\" (commands: train, predict, ntk, experiment, bench, scaling)"),
        r.errLines());
    assertEquals("", r.out());
  }
}
