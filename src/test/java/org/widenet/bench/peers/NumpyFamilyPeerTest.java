package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;
import org.widenet.bench.BenchResult;
import org.widenet.bench.Timing;

/** Which bench cases get a family twin's row, and what that row is compared with. */
class NumpyFamilyPeerTest {
  private static final BenchCase RELU2 = BenchCase.of(Net.RELU2, Kind.GD, 300, 784, 5_000);
  private static final BenchCase EXP2 = BenchCase.of(Net.EXP2, Kind.GD, 300, 784, 5_000);
  private static final BenchCase SOFTMAX2 = BenchCase.of(Net.SOFTMAX2, Kind.GD, 300, 784, 5_000);
  private static final BenchCase SMOOTH2 = BenchCase.of(Net.SMOOTH2, Kind.GD, 300, 784, 5_000);
  private static final BenchCase DEEP = BenchCase.of(Net.DEEP_LAST, Kind.GN, 300, 784, 3_000);

  @Test
  void everyFamilyCaseGetsItsTwinOfTheSameShapeAndFlops() {
    List<BenchCase> peers = PeerRunner.peerCases(List.of(RELU2, EXP2, SOFTMAX2, SMOOTH2, DEEP));
    List<String> names = peers.stream().map(BenchCase::name).toList();
    assertEquals(List.of("peer-numpy-gd", "peer-mllib-mlp", "peer-numpy-exp2",
        "peer-numpy-softmax2", "peer-numpy-smooth2", "peer-numpy-deep-last"), names);
    for (BenchCase ours : List.of(EXP2, SOFTMAX2, SMOOTH2, DEEP)) {
      BenchCase twin = NumpyFamilyPeer.peerCase(ours);
      assertTrue(NumpyFamilyPeer.covers(twin), twin::name);
      assertEquals(ours.net(), twin.net());
      assertEquals(ours.flops(), twin.flops(), "widenet's count for the same step");
      assertEquals(ours.name(), NumpyFamilyPeer.widenetName(twin.name()));
    }
    assertNull(NumpyFamilyPeer.peerCase(RELU2), "relu2 has numpy_peer.py");
    assertFalse(NumpyFamilyPeer.covers(PeerRows.peerCase(PeerRows.NUMPY_GD, RELU2)));
    assertNull(NumpyFamilyPeer.widenetName("peer-numpy-gd"));
  }

  @Test
  void aTwinIsComparedWithItsFamilysRowNotRelu2s() {
    Timing.Sample s = new Timing.Sample(0.5, 0.2, 0.2, 0, 0.05, 0, 0.05);
    BenchResult relu2 = new BenchResult(RELU2, "ok", "local", 2, 2, 2,
        new Timing.Summary(5, 0.1, 0.1, 0.1, s), 1.0, 50e9, -1, -1, "");
    BenchResult exp2 = new BenchResult(EXP2, "ok", "local", 2, 2, 2,
        new Timing.Summary(5, 0.5, 0.4, 0.6, s), 1.0, 50e9, -1, -1, "");
    BenchResult twin = new BenchResult(NumpyFamilyPeer.peerCase(EXP2), "ok", "numpy", 1, 2, 2,
        PeerRows.summary(List.of(1.0, 1.0, 1.0)), 1.0, 50e9, -1, -1, "");
    BenchResult skipped = BenchResult.notRun(NumpyFamilyPeer.peerCase(DEEP),
        "skipped: numpy is not installed", "numpy", 1, 2, 2, "");
    List<String> lines = PeerRows.comparisons(List.of(relu2, exp2, twin, skipped));
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("widenet vs numpy: exp2-gd is 2.00 times faster than "
        + "numpy at m=5000"), lines.get(0));
    assertEquals("numpy deep-last-gn at m=3000 (n=300, d=784): skipped: numpy is not "
        + "installed", lines.get(1));
  }
}
