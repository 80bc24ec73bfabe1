package org.widenet.experiment.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.math.MeanInterval;

/** The sweep, its intervals, the trend test and the report, on a fake student. */
class TeacherStudentExperimentTest {
  @TempDir Path dir;

  private static TeacherStudentSettings settings(int points, int seeds) {
    return new TeacherStudentSettings("unused", 10, 10, 1000, 10, 1, 0.1, 1, 4, 0.01, 0.002,
        0.1, points, seeds, 40);
  }

  private static ClassData tiny(int d) {
    return new ClassData("tiny", 2, d, new double[2 * d], new int[] {0, 1}, 2);
  }

  /** Test error falls with omega2 (or rises, with sign -1), plus a seed-dependent offset. */
  private static StudentTrainer fake(double sign, List<Object[]> calls) {
    return (train, test, omega1, omega2, seed) -> {
      calls.add(new Object[] {omega1, omega2, seed});
      double base = 0.3 - sign * 0.02 * Math.log(omega2 / 0.002);
      return new StudentTrainer.Result(0.0, base + 0.01 * (seed % 3), 0.1, 0.0);
    };
  }

  @Test
  void sweepKeepsTheHeProductAndComputesIntervalsOverSeeds() throws Exception {
    TeacherStudentSettings s = settings(4, 3);
    List<Object[]> calls = new ArrayList<>();
    List<TeacherStudentExperiment.Point> points = TeacherStudentExperiment.sweep(s,
        fake(1, calls), tiny(784), tiny(784), new PrintStream(new ByteArrayOutputStream()));
    assertEquals(4, points.size());
    assertEquals(12, calls.size());
    double product = 2 / Math.sqrt(784 * 1000.0);
    assertEquals(0.0022588, product, 1e-7);
    assertEquals(0.002, points.get(0).omega2(), 1e-15);
    assertEquals(0.1, points.get(3).omega2(), 1e-12);
    for (TeacherStudentExperiment.Point p : points) {
      assertEquals(product, p.omega1() * p.omega2(), 1e-15);
      double[] errs = p.runs().stream().mapToDouble(StudentTrainer.Result::testError).toArray();
      MeanInterval ref = MeanInterval.of(errs, 0.95);
      assertEquals(ref, p.testError());
      assertTrue(p.testError().low() < p.testError().mean());
    }
    assertEquals(41L, calls.get(0)[2]);
    assertEquals(43L, calls.get(2)[2]);
    assertEquals(41L, calls.get(3)[2]);
    assertTrue(TeacherStudentExperiment.trendHeld(points));
    List<TeacherStudentExperiment.Point> rising = TeacherStudentExperiment.sweep(s,
        fake(-1, new ArrayList<>()), tiny(784), tiny(784),
        new PrintStream(new ByteArrayOutputStream()));
    assertFalse(TeacherStudentExperiment.trendHeld(rising));
  }

  @Test
  void reportWritesCsvFigureHtmlAndFindings() throws Exception {
    TeacherStudentSettings s = settings(3, 2);
    List<TeacherStudentExperiment.Point> points = TeacherStudentExperiment.sweep(s,
        fake(1, new ArrayList<>()), tiny(784), tiny(784),
        new PrintStream(new ByteArrayOutputStream()));
    TeacherStudentExperiment.Results r = new TeacherStudentExperiment.Results(s, "a", "b",
        s.product(784), new TeacherStudentExperiment.Teacher(3, 0.0, 0.2, 1.0), points, 2.0);
    Map<String, Object> f = TeacherStudentReport.write(dir, r, "widenet experiment ...");
    assertEquals(Boolean.TRUE, f.get("trend_held"));
    assertTrue(((String) f.get("summary")).contains("trend held"));
    List<String> sweep = Files.readAllLines(dir.resolve("sweep.csv"));
    assertEquals(4, sweep.size());
    assertTrue(sweep.get(0).startsWith("omega2,omega1,ratio,train_error"));
    assertEquals(7, Files.readAllLines(dir.resolve("runs.csv")).size());
    assertTrue(Files.size(dir.resolve("errors.png")) > 1000);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("data:image/png"));
  }
}
