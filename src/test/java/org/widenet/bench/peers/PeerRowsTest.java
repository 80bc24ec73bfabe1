package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchReport;
import org.widenet.bench.BenchResult;
import org.widenet.bench.Machine;
import org.widenet.bench.Timing;

/** The NumPy peer's JSON is parsed strictly; peer rows carry the bench's keys and ratios. */
class PeerRowsTest {
  private static final Machine MACHINE = new Machine("JNIBLAS (native)", 2, "Java 17", "1",
      4L << 30, "0.1.0", "4.1.0", "host");
  private static final BenchCase GD = BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 10_000);
  private static final String OK_JSON = "{\"status\": \"ok\", \"op\": \"gd\", \"n\": 1000, "
      + "\"d\": 784, \"m\": 10000, \"chunk\": 10000, \"times_s\": [0.5, 0.4, 0.6, 0.45, 0.55], "
      + "\"median_s\": 0.5, \"setup_s\": 1.25, \"numpy\": \"2.1.0\", \"blas\": "
      + "\"scipy-openblas 0.3.27\", \"openblas_num_threads\": \"2\", "
      + "\"peak_rss_bytes\": 1073741824}";

  @Test
  void parsesTheLastJsonLineOfTheScriptsOutput() {
    NumpyResult r = NumpyResult.parse("some warning\n" + OK_JSON + "\n");
    assertTrue(r.ok());
    assertEquals(List.of(0.5, 0.4, 0.6, 0.45, 0.55), r.times());
    assertEquals(1.25, r.setupSeconds());
    assertEquals(10_000, r.chunk());
    assertEquals("2.1.0", r.numpy());
    assertEquals("scipy-openblas 0.3.27", r.blas());
    assertEquals("2", r.threads());
    assertEquals(1L << 30, r.peakRssBytes());
  }

  @Test
  void aSkipIsParsedAsSuch() {
    NumpyResult r = NumpyResult.parse("{\"status\": \"skipped: needs about 9.0 GiB\"}");
    assertFalse(r.ok());
    assertEquals("skipped: needs about 9.0 GiB", r.status());
    assertEquals(-1, r.peakRssBytes());
  }

  @Test
  void badOutputIsRejectedWithAReason() {
    assertThrows(IllegalArgumentException.class, () -> NumpyResult.parse("Traceback ..."));
    assertThrows(IllegalArgumentException.class, () -> NumpyResult.parse("{not json"));
    assertThrows(IllegalArgumentException.class, () -> NumpyResult.parse("{\"op\": \"gd\"}"));
    assertThrows(IllegalArgumentException.class,
        () -> NumpyResult.parse("{\"status\": \"ok\", \"times_s\": []}"));
    assertThrows(IllegalArgumentException.class,
        () -> NumpyResult.parse("{\"status\": \"ok\", \"times_s\": [0.1, -1]}"));
    assertThrows(IllegalArgumentException.class,
        () -> NumpyResult.parse("{\"status\": \"ok\", \"times_s\": [0.1, \"x\"]}"));
  }

  @Test
  void numpyRowHasTheBenchKeysAndTheSameBlasScale() {
    BenchCase peer = PeerRows.peerCase(PeerRows.NUMPY_GD, GD);
    BenchResult row = PeerRows.numpy(peer, new NumpyPeer.Outcome(NumpyResult.parse(OK_JSON),
        null), 2, 2, 50e9);
    assertTrue(row.ok());
    assertEquals(0.5, row.timing().median());
    assertEquals(0.4, row.timing().min());
    assertEquals(0.6, row.timing().max());
    double gflops = 4.0 * 1000 * 784 * 10_000 / 0.5 / 1e9;
    assertEquals(gflops, row.gflops(), 1e-9);
    assertEquals(gflops / 50, row.blasRatio(), 1e-12);
    Map<String, Object> json = BenchReport.row(row, MACHINE);
    assertEquals("peer-numpy-gd", json.get("name"));
    for (String key : List.of("name", "n", "d", "m", "median_s", "min_s", "max_s", "gflops",
        "blas_gflops", "blas_ratio")) {
      assertTrue(json.get(key) != null, key);
    }
    assertNull(json.get("forward_s"), "peers report no kernel split");
    assertNull(json.get("shipped_bytes"), "one process ships nothing");
  }

  @Test
  void mllibRowTimesTheGapsAfterTheWarmUpAndCountsTheShippedBytes() {
    BenchCase peer = PeerRows.peerCase(PeerRows.MLLIB, GD);
    long w = MllibPeer.weights(784, 10_000);
    // 8 gradient jobs (maxIter 7 plus Spark's extra one): gaps 2..6 are the timed ones.
    List<Long> ends = List.of(10_000L, 12_000L, 13_000L, 15_000L, 16_000L, 19_000L, 20_000L,
        21_000L);
    MllibPeer.Fit fit = new MllibPeer.Fit(ends, 25.0, 2, w, 1L << 30);
    BenchResult row = PeerRows.mllib(peer, new MllibPeer.Outcome(fit, null), 2, 5,
        "spark local[2]", 40e9);
    assertTrue(row.ok(), row.status());
    assertEquals(5, row.timing().count());
    // gaps at k = 2..6: 1, 2, 1, 3, 1 s
    assertEquals(1.0, row.timing().median());
    assertEquals(1.0, row.timing().min());
    assertEquals(3.0, row.timing().max());
    assertEquals(25.0 - 8.0, row.setupSeconds(), 1e-12);
    assertEquals(8L * w * 3, row.shippedBytes());
    assertEquals("spark mllib local[2]", row.engine());
    assertEquals(8L * w * 3, BenchReport.row(row, MACHINE).get("shipped_bytes"));

    MllibPeer.Fit short_ = new MllibPeer.Fit(ends.subList(0, 4), 5.0, 2, w, -1);
    BenchResult failed = PeerRows.mllib(peer, new MllibPeer.Outcome(short_, null), 2, 5,
        "spark local[2]", 40e9);
    assertFalse(failed.ok());
    assertTrue(failed.status().startsWith("failed: MLlib ran 4 gradient jobs"),
        failed.status());
  }

  @Test
  void widenetShipsNVectorsWhateverTheWidth() {
    // 2 blocks, each receiving the step (n doubles) and returning its outputs (n doubles).
    assertEquals(2 * (8 * 1000 + 8 * 1000), GD.shippedBytes(2));
    assertEquals(GD.shippedBytes(2), BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 1_000_000)
        .shippedBytes(2));
    BenchCase gram = BenchCase.of("relu2-gram", Kind.GRAM, 1000, 784, 10_000);
    assertEquals(2 * (8 * 1000 + 8L * 1000 * 1001 / 2), gram.shippedBytes(2));
  }

  @Test
  void comparisonLinesSayHowManyTimesFasterOrSlower() {
    Timing.Sample s = new Timing.Sample(0.5, 0.2, 0.2, 0, 0.05, 0, 0.05);
    BenchResult ours = new BenchResult(GD, "ok", "spark local[2]", 2, 2, 2,
        new Timing.Summary(5, 0.5, 0.4, 0.6, s), 1.0, 50e9, -1, -1, "", GD.shippedBytes(2));
    BenchCase mlp = PeerRows.peerCase(PeerRows.MLLIB, GD);
    BenchResult mllib = new BenchResult(mlp, "ok", "spark mllib local[2]", 2, 2, 2,
        PeerRows.summary(List.of(5.0, 5.0, 5.0, 5.0, 5.0)), 1.0, 50e9, -1, -1, "",
        8L * MllibPeer.weights(784, 10_000) * 3);
    BenchCase np = PeerRows.peerCase(PeerRows.NUMPY_GD, GD);
    BenchResult numpy = new BenchResult(np, "ok", "numpy", 1, 2, 2,
        PeerRows.summary(List.of(0.25, 0.25, 0.25, 0.25, 0.25)), 1.0, 50e9, -1, -1, "");
    BenchCase gram = PeerRows.peerCase(PeerRows.NUMPY_GRAM, BenchCase.of("relu2-gram",
        Kind.GRAM, 1000, 784, 10_000));
    BenchResult skipped = BenchResult.notRun(gram, "skipped: numpy is not installed", "numpy",
        1, 2, 2, "");
    List<String> lines = PeerRows.comparisons(List.of(ours, mllib, numpy, skipped));
    assertEquals(3, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("widenet relu2-gd is 10.00 times faster than MLlib MLP "
        + "per iteration at m=10000"), lines.get(0));
    assertTrue(lines.get(0).contains("MLlib ships"), lines.get(0));
    assertTrue(lines.get(1).startsWith("widenet vs numpy: relu2-gd is 2.00 times slower than "
        + "numpy"), lines.get(1));
    assertEquals("numpy gram at m=10000 (n=1000, d=784): skipped: numpy is not installed",
        lines.get(2));
  }
}
