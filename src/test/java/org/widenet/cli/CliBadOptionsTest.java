package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options and a bad --out, one case per test, through {@code widenet train}: each is refused
 * with exit code 2 and one line naming the option, before Spark starts and with --out left as it
 * was (see {@link Rejection}). This class never starts Spark itself.
 */
class CliBadOptionsTest {
  private static final String SPHERE = "sphere:n=12,d=3,target=random,seed=1";
  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r-xr-xr-x");
  private static final Set<PosixFilePermission> WRITABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  @TempDir Path dir;
  private Path out;
  /** A directory a test made read-only; made writable again so @TempDir can delete it. */
  private Path locked;

  @BeforeEach
  void noSparkYet() {
    out = dir.resolve("run-out");
    Rejection.assertNoSparkSession();
  }

  @AfterEach
  void unlock() throws IOException {
    if (locked != null) {
      Files.setPosixFilePermissions(locked, WRITABLE);
    }
  }

  private String assertRejected(List<String> args, String... fragments) {
    return Rejection.assertRejected(out, "train", args, fragments);
  }

  /** Makes a directory read-only; skips the test when we may write in it anyway (root). */
  private void lock(Path directory) throws IOException {
    Files.setPosixFilePermissions(directory, READ_ONLY);
    locked = directory;
    assumeFalse(Files.isWritable(directory), "running as root: a read-only directory is "
        + "still writable (outBelowARegularFile covers an --out root cannot create)");
  }

  @Test
  void valueOptionGivenTwiceNamesTheOptionAndBothValues() {
    String line = assertRejected(List.of("--synthetic", SPHERE, "--lr", "0.1", "--width", "40",
        "--lr", "0.2"), "option --lr given twice (0.1 and 0.2)");
    assertTrue(line.endsWith("give it once"), line);
  }

  @Test
  void flagGivenTwiceNamesTheFlag() {
    assertRejected(List.of("--synthetic", SPHERE, "--normalize", "--width", "40",
        "--normalize"), "option --normalize given twice");
  }

  @Test
  void aRepeatableOptionIsNoDuplicateButItsBadValueIsStillRefused() {
    // --spark-conf may be repeated, so the first error is the bad second value, not a duplicate.
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40", "--spark-conf",
        "spark.a=1", "--spark-conf", "novalue"), "--spark-conf \"novalue\"", "KEY=VALUE");
  }

  @Test
  void widthSmallerThanTheBlockCountNamesWidthAndPartitions() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "4", "--partitions", "8"),
        "--partitions (8)", "--width (4)");
  }

  @Test
  void gramOverTheDriverLimitNamesNTheSizesAndWhatToChange() {
    // n = 12, one collected partial: (1 + 4) * 78 packed + 144 dense doubles = 4272 bytes.
    // --gram exact insists on the n x n Gram (auto would go matrix-free instead).
    String line = assertRejected(List.of("--synthetic", SPHERE, "--width", "40", "--gram",
        "exact", "--driver-gram-limit", "1k"), "n = 12 rows", "needs at least 4.2 KiB on the driver",
        "limit of 1.0 KiB (--driver-gram-limit)", "spark.driver.memory", "--gram-every");
    assertTrue(line.contains("--gram matrix-free"), line);
  }

  @Test
  void gramEstimateWithKnownPartitionsCountsTheirPartials() {
    // Four partitions: (4 + 4) * 78 + 144 doubles = 6.0 KiB, over 5k and under 6k.
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40", "--partitions", "4",
        "--gram", "exact", "--driver-gram-limit", "5k"), "needs about 6.0 KiB",
        "limit of 5.0 KiB");
  }

  @Test
  void badDriverGramLimitNamesTheOptionAndValue() {
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40", "--driver-gram-limit",
        "12q"), "--driver-gram-limit \"12q\"", "512m");
  }

  @Test
  void outInsideAReadOnlyDirectoryIsRefusedBeforeSparkStarts() throws IOException {
    Path parent = Files.createDirectory(dir.resolve("read-only"));
    lock(parent);
    out = parent.resolve("run");
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40"), "--out " + out,
        parent + " is not writable");
  }

  @Test
  void outThatIsAReadOnlyEmptyDirectoryIsRefusedAndLeftAlone() throws IOException {
    out = Files.createDirectory(dir.resolve("read-only-out"));
    lock(out);
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40"), "--out " + out,
        "not writable");
  }

  @Test
  void outTwoLevelsBelowARegularFileIsRefusedEvenForRoot() {
    Path file = CliRun.write(dir.resolve("plain-file"), "keep me\n");
    out = file.resolve("a").resolve("run");
    assertRejected(List.of("--synthetic", SPHERE, "--width", "40"), "--out " + out,
        file + " is not a directory");
    assertTrue(Files.isRegularFile(file));
  }
}
