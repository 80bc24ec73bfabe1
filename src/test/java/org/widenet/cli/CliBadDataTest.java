package org.widenet.cli;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --data path that cannot be read as a file, one case per test, through {@code widenet
 * train}: each is refused with exit code 2 and one line naming the path, before Spark starts and
 * before --out exists (see {@link Rejection}). Missing, empty and header-only files are in
 * {@link CliBadInputTest}. This class never starts Spark itself.
 */
class CliBadDataTest {
  private static final String CSV = "x1,x2,label\n0.6,0.8,1\n0.8,0.6,-1\n";

  @TempDir Path dir;
  private Path out;

  @BeforeEach
  void noSparkYet() {
    out = dir.resolve("run-out");
    Rejection.assertNoSparkSession();
  }

  private String assertRejected(List<String> data, String... fragments) {
    List<String> args = new ArrayList<>(data);
    args.addAll(List.of("--width", "40", "--iterations", "2"));
    return Rejection.assertRejected(out, "train", args, fragments);
  }

  @Test
  void unreadableCsvNamesTheFile() throws IOException {
    Path csv = CliRun.write(dir.resolve("secret.csv"), CSV);
    Files.setPosixFilePermissions(csv, PosixFilePermissions.fromString("-w-------"));
    assumeFalse(Files.isReadable(csv), "running as root: a file without read permission is "
        + "still readable");
    assertRejected(List.of("--data", csv.toString()), csv.toString(), "cannot read");
  }

  @Test
  void directoryGivenWithFormatCsvNamesThePath() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("points"));
    CliRun.write(folder.resolve("part-0.csv"), CSV);
    assertRejected(List.of("--data", folder.toString(), "--format", "csv"), folder.toString(),
        "is a directory, not a file");
  }

  @Test
  void directoryWithoutFormatIsTakenForIdxAndAsksForClasses() throws IOException {
    // A local directory without Parquet part files is read as IDX (MNIST layout), even when
    // its name looks like a CSV file.
    Path folder = Files.createDirectory(dir.resolve("points.csv"));
    assertRejected(List.of("--data", folder.toString()), "--data " + folder, "--classes");
  }
}
