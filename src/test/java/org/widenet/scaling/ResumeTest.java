package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study killed midway and rerun finishes without rerunning its finished trials. */
class ResumeTest {
  @TempDir Path dir;

  private static ScalingSettings settings(int parallel, double eps) {
    return new ScalingSettings("relu2", new int[] {30, 60, 120}, new long[] {10, 20, 40, 80,
        160, 320, 640}, 3, 0, eps, 50, ReachRule.ALL, parallel, 4, "random", 0, 1.0,
        Double.NaN, 1, 0.05, 2, null);
  }

  /** Counts its runs and, past {@code limit} of them, fails as a killed process would. */
  private static final class Dying extends FakeTrial {
    final int limit;
    final AtomicInteger started = new AtomicInteger();

    Dying(int limit) {
      super(0.4, 1.3, 0.2, 0.3);
      this.limit = limit;
    }

    @Override
    public RunOutcome run(int n, long width, long seed, long dataSeed) {
      if (started.incrementAndGet() > limit) {
        throw new IllegalStateException("killed");
      }
      return super.run(n, width, seed, dataSeed);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  @Test
  void aKilledStudyResumesWithoutRerunningFinishedTrials() throws Exception {
    for (int parallel : new int[] {1, 3}) {
      Path out = Files.createDirectories(dir.resolve("p" + parallel));
      ScalingSettings s = settings(parallel, 0.01);
      FakeTrial whole = new FakeTrial(0.4, 1.3, 0.2, 0.3);
      ScalingStudy.Results uninterrupted = ScalingStudy.run(s, whole, quiet());
      int total = whole.calls.get();

      StudyJournal.writeSettings(out, s);
      Dying dying = new Dying(total / 2);
      try (StudyJournal journal = StudyJournal.open(out)) {
        assertThrows(IllegalStateException.class,
            () -> ScalingStudy.run(s, dying, quiet(), journal));
      }
      int finished = Files.readAllLines(out.resolve(StudyJournal.TRIALS)).size() - 1;
      assertEquals(total / 2, finished);
      // A torn last line, as a kill in mid-write leaves, is dropped.
      Files.writeString(out.resolve(StudyJournal.TRIALS), "30,0,1,1",
          StandardOpenOption.APPEND);

      assertNull(StudyJournal.mismatch(out, s));
      FakeTrial counting = new FakeTrial(0.4, 1.3, 0.2, 0.3);
      ScalingStudy.Results resumed;
      try (StudyJournal journal = StudyJournal.open(out)) {
        assertEquals(finished, journal.finishedAtStart());
        resumed = ScalingStudy.run(s, counting, quiet(), journal);
      }
      assertEquals(total - finished, counting.calls.get(), "parallel " + parallel);
      assertEquals(finished, resumed.reused());
      assertEquals(uninterrupted.points(), resumed.points());
      assertEquals(uninterrupted.runs(), resumed.runs());
      assertEquals(uninterrupted.fit(), resumed.fit());
      assertEquals(total + 1, Files.readAllLines(out.resolve(StudyJournal.TRIALS)).size());

      // A third run trains nothing.
      FakeTrial idle = new FakeTrial(0.4, 1.3, 0.2, 0.3);
      try (StudyJournal journal = StudyJournal.open(out)) {
        assertEquals(uninterrupted.fit(), ScalingStudy.run(s, idle, quiet(), journal).fit());
      }
      assertEquals(0, idle.calls.get());
    }
  }

  @Test
  void changedSettingsAreNamed() throws Exception {
    StudyJournal.writeSettings(dir, settings(1, 0.01));
    assertNull(StudyJournal.mismatch(dir, settings(4, 0.01)), "parallelism may change");
    String why = StudyJournal.mismatch(dir, settings(1, 0.02));
    assertTrue(why.contains("--target-loss 0.01") && why.contains("--target-loss 0.02"), why);
    assertEquals(1, why.lines().count());
    ScalingSettings s = settings(1, 0.01);
    ScalingSettings moreSeeds = new ScalingSettings("relu2", s.ns(), s.widths(), 3, 0, 0.01,
        50, ReachRule.ALL, 1, 4, "random", 0, 1.0, Double.NaN, 1, 0.05, 3, null);
    assertTrue(StudyJournal.mismatch(dir, moreSeeds).contains("--data-seeds 2"),
        StudyJournal.mismatch(dir, moreSeeds));
  }

  @Test
  void journalLinesReadBackExactly() {
    RunOutcome r = new RunOutcome(30, 17, 2, 1.0 / 3, Double.NaN, -1, 1e-300, -0.0, 0.1 + 0.2,
        Double.MIN_VALUE, 12345.678, 0.5, 9);
    assertEquals(r, StudyJournal.parse(StudyJournal.line(r)));
    assertNull(StudyJournal.parse("30,0,1"));
    assertTrue(List.of(StudyJournal.HEADER.split(",")).contains("data_seed"));
  }
}
