package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The contract every rejected command keeps, shared by the bad-input test classes: exit code 2,
 * exactly one line on stderr starting {@code widenet: error:} that holds every expected
 * fragment, nothing on stdout, no Spark session, and --out exactly as it was before the run (not
 * created when it did not exist).
 */
final class Rejection {
  private Rejection() {}

  /** Fails when a Spark session is left over (the rejection checks would then mean nothing). */
  static void assertNoSparkSession() {
    assertTrue(SparkSession.getDefaultSession().isEmpty(),
        "precondition: a Spark session is left over from an earlier test");
    assertTrue(SparkSession.getActiveSession().isEmpty(),
        "precondition: an active Spark session is left over from an earlier test");
  }

  /**
   * Runs {@code widenet command args... --out OUT --master local[2]} and checks the rejection
   * contract.
   *
   * @return the single error line
   */
  static String assertRejected(Path out, String command, List<String> args,
      String... fragments) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    all.addAll(List.of("--out", out.toString(), "--master", "local[2]"));
    Map<String, String> before = snapshot(out);
    CliRun r = CliRun.main(all.toArray(String[]::new));
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), "stderr must be exactly one line: " + r.describe());
    assertTrue(r.err().endsWith(System.lineSeparator()), r.describe());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("widenet: error: "), line);
    for (String f : fragments) {
      assertTrue(line.contains(f), "error line should contain [" + f + "]: " + line);
    }
    assertEquals("", r.out(), "no output on stdout");
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "a Spark session was created");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "a Spark session was activated");
    assertEquals(before, snapshot(out), before == null ? "--out was created for a rejected run"
        : "--out was changed by a rejected run");
    return line;
  }

  /**
   * Every file and directory under path, relative, with each file's bytes (as ISO-8859-1 text);
   * null when path does not exist.
   */
  static Map<String, String> snapshot(Path path) {
    if (!Files.exists(path)) {
      return null;
    }
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.toList()) {
        entries.put(path.relativize(p).toString(), Files.isRegularFile(p)
            ? Files.readString(p, StandardCharsets.ISO_8859_1) : "<dir>");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
