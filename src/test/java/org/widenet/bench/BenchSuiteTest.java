package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;

/** The suites hold the shapes the issue asks for, and --only selects by name. */
class BenchSuiteTest {

  private static boolean has(List<BenchCase> suite, String name, Kind kind, int n, long m) {
    return suite.stream().anyMatch(c -> c.name().equals(name) && c.kind() == kind
        && c.n() == n && c.d() == 784 && c.m() == m);
  }

  @Test
  void fullSuiteHasEveryStandardShape() {
    List<BenchCase> full = BenchSuite.full();
    assertTrue(has(full, "relu2-gd", Kind.GD, 1000, 10_000));
    assertTrue(has(full, "relu2-gd", Kind.GD, 2000, 100_000));
    assertTrue(has(full, "relu2-gd", Kind.GD, 10_000, 10_000));
    assertTrue(has(full, "relu2-gram", Kind.GRAM, 1000, 10_000));
    assertTrue(has(full, "relu2-gram", Kind.GRAM, 2000, 100_000));
    assertTrue(full.stream().anyMatch(c -> c.kind() == Kind.GN));
    assertTrue(full.stream().anyMatch(c -> c.name().equals("tiny") && c.n() == 100
        && c.d() == 10 && c.m() == 1000));
    BenchCase million = full.stream().filter(c -> c.m() == 1_000_000).findFirst().orElseThrow();
    assertEquals("relu2-gd", million.name());
    assertTrue(million.optional());
    assertEquals(1 + BenchSuite.memory().size(), full.stream().filter(BenchCase::optional)
        .count());
  }

  /** Every family has a quick row of seconds and a full-suite row where weights dominate. */
  @Test
  void everyFamilyHasAQuickAndAMemoryRow() {
    for (Net net : Net.values()) {
      BenchCase quick = BenchSuite.quick().stream().filter(c -> c.net() == net
          && !c.name().equals("tiny")).findFirst().orElseThrow();
      assertTrue(quick.name().startsWith(net.cliName() + "-"), quick.name());
      assertEquals(784, quick.d());
      assertTrue(quick.weightBytes() < 100L << 20, quick.label());
      BenchCase memory = BenchSuite.memory().stream().filter(c -> c.net() == net)
          .findFirst().orElseThrow();
      assertTrue(memory.optional() && BenchSuite.full().contains(memory));
      assertTrue(memory.weightBytes() > 900_000_000L && memory.weightBytes() < 2_000_000_000L,
          memory.label() + ": " + memory.weightBytes());
    }
    assertEquals(BenchSuite.memory(), BenchSuite.named("memory"));
  }

  /** The deep-last memory row runs at the paper's alpha; every other deep-last row at 0.1. */
  @Test
  void deepLastMemoryRowTakesThePapersAlpha() {
    for (BenchCase c : BenchSuite.full()) {
      if (c.net() == Net.DEEP_LAST) {
        boolean memoryRow = BenchSuite.memory().contains(c);
        assertEquals(memoryRow ? BenchCase.DEEP_MEMORY_ALPHA : BenchCase.DEEP_ALPHA,
            c.deepAlpha(), c.label());
        assertEquals(memoryRow, c.label().contains("alpha=0.32"), c.label());
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> BenchSuite.quick().get(0).withDeepAlpha(1.0));
  }

  @Test
  void quickSuiteIsPartOfTheFullOne() {
    assertTrue(BenchSuite.full().containsAll(BenchSuite.quick()));
    assertFalse(BenchSuite.quick().stream().anyMatch(c -> c.m() > 10_000));
  }

  @Test
  void onlyKeepsTheNamedCasesInSuiteOrder() {
    List<BenchCase> picked = BenchSuite.only(BenchSuite.full(), List.of("relu2-gram", "tiny"));
    assertEquals(List.of("tiny", "relu2-gram", "relu2-gram"),
        picked.stream().map(BenchCase::name).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchSuite.only(BenchSuite.quick(), List.of("nope")));
    assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("relu2-gd"),
        e.getMessage());
  }

  @Test
  void suitesByName() {
    assertEquals(BenchSuite.quick(), BenchSuite.named("QUICK"));
    assertEquals(BenchSuite.traffic(), BenchSuite.named("traffic"));
    assertEquals(BenchSuite.scaling(), BenchSuite.named("scaling"));
    assertThrows(IllegalArgumentException.class, () -> BenchSuite.named("huge"));
  }

  @Test
  void theTrafficSuiteSpansThreeDecadesOfWidthAtOneSmallShape() {
    List<BenchCase> traffic = BenchSuite.traffic();
    assertEquals(List.of(1_000L, 10_000L, 100_000L, 1_000_000L),
        traffic.stream().map(BenchCase::m).toList());
    assertTrue(traffic.stream().allMatch(c -> c.name().equals("relu2-gd") && c.n() == 100
        && c.d() == 10 && c.kind() == Kind.GD), traffic.toString());
  }

  @Test
  void aCaseTooBigForTheHeapSaysHowMuchItNeeds() {
    BenchCase million = BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 1_000_000);
    String why = BenchEngine.local().tooBig(million, 2, 4L << 30);
    assertTrue(why != null && why.contains("GiB") && why.contains("-Xmx"), why);
    assertEquals(null, BenchEngine.local().tooBig(BenchSuite.quick().get(0), 2, 4L << 30));
  }
}
