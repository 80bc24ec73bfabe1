package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code widenet experiment teacher-student} end to end at a tiny size. Needs Fashion-MNIST
 * (.ci/run installs it); skipped outside CI only when the data are absent.
 */
class CliTeacherStudentTest {
  private static final Path DATA = Path.of(ExperimentCommand.FASHION_MNIST);

  @TempDir Path dir;

  @Test
  void tinyRunWritesTheSweepWithIntervals() throws Exception {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed");
    }
    Path out = dir.resolve("ts");
    CliRun r = CliRun.main("experiment", "teacher-student", "--n", "120", "--test-n", "60",
        "--width", "40", "--teacher-width", "40", "--teacher-epochs", "3", "--epochs", "2",
        "--batch-size", "32", "--points", "2", "--seeds", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", s.get("status").asText());
    assertEquals(2, s.get("sweep").size());
    JsonNode first = s.get("sweep").get(0);
    assertTrue(first.get("test_error_ci_low").asDouble() <= first.get("test_error").asDouble());
    assertTrue(s.has("trend_held") && s.has("summary"));
    assertEquals(3, Files.readAllLines(out.resolve("sweep.csv")).size());
    assertEquals(5, Files.readAllLines(out.resolve("runs.csv")).size());
    assertTrue(Files.size(out.resolve("errors.png")) > 1000);
  }

  @Test
  void badOptionsAreRefused() {
    CliRun range = CliRun.main("experiment", "teacher-student", "--omega2-range", "0.1,0.01",
        "--out", dir.resolve("a").toString());
    assertEquals(2, range.code());
    assertTrue(range.err().contains("--omega2-range"), range.err());
    CliRun data = CliRun.main("experiment", "teacher-student", "--data",
        dir.resolve("missing").toString(), "--out", dir.resolve("b").toString());
    assertEquals(2, data.code());
    assertTrue(data.err().contains("missing"), data.err());
    CliRun student = CliRun.main("experiment", "teacher-student", "--student", "nope",
        "--out", dir.resolve("c").toString());
    assertEquals(2, student.code());
    assertTrue(student.err().contains("--student"), student.err());
  }
}
