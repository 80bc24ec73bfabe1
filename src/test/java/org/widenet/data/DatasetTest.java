package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

class DatasetTest {
  /** Rows (3,4), (1,0), (0,-2); column-major. */
  private static Dataset small() {
    return new Dataset("mem", 3, 2, new double[] {3, 1, 0, 4, 0, -2}, new double[] {1, 2, 3});
  }

  @Test
  void accessorsAndRows() {
    Dataset ds = small();
    assertEquals("mem", ds.source());
    assertEquals(3, ds.n());
    assertEquals(2, ds.d());
    assertArrayEquals(new double[] {3, 4}, ds.row(0));
    assertArrayEquals(new double[] {0, -2}, ds.row(2));
    assertSame(ds.x(), ds.x());
    assertThrows(IndexOutOfBoundsException.class, () -> ds.row(3));
    assertThrows(IndexOutOfBoundsException.class, () -> ds.row(-1));
  }

  @Test
  void rowReturnsACopy() {
    Dataset ds = small();
    ds.row(0)[0] = 99;
    assertEquals(3.0, ds.x()[0]);
  }

  @Test
  void maxRowNorm() {
    assertEquals(5.0, small().maxRowNorm(), 1e-15);
    Dataset big = new Dataset("big", 1, 2, new double[] {3e200, 4e200}, new double[] {0});
    assertEquals(5e200, big.maxRowNorm(), 1e186);
  }

  @Test
  void normalizedHasUnitRowsAndSameDirections() {
    Dataset ds = small();
    Dataset nd = ds.normalized();
    assertEquals(ds.n(), nd.n());
    assertEquals(ds.d(), nd.d());
    assertEquals("mem", nd.source());
    assertArrayEquals(ds.y(), nd.y());
    assertTrue(Tolerance.maxRelativeError(new double[] {0.6, 0.8}, nd.row(0)) <= Tolerance.EXACT);
    assertArrayEquals(new double[] {1, 0}, nd.row(1));
    assertArrayEquals(new double[] {0, -1}, nd.row(2));
    for (int i = 0; i < nd.n(); i++) {
      double[] r = nd.row(i);
      assertEquals(1.0, Math.sqrt(r[0] * r[0] + r[1] * r[1]), 1e-12);
    }
    assertEquals(1.0, nd.maxRowNorm(), 1e-12);
    assertArrayEquals(new double[] {3, 1, 0, 4, 0, -2}, ds.x(), "original unchanged");
  }

  @Test
  void normalizedRejectsZeroRowNamingIt() {
    Dataset ds = new Dataset("zeros.csv", 3, 2, new double[] {1, 0, 2, 1, 0, 2}, new double[3]);
    DataException e = assertThrows(DataException.class, ds::normalized);
    assertTrue(e.getMessage().contains("zeros.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("row 2"), e.getMessage());
  }

  @Test
  void constructorValidates() {
    assertMessage(() -> new Dataset("s", 0, 2, new double[0], new double[0]), "no data rows");
    assertMessage(() -> new Dataset("s", 1, 0, new double[0], new double[1]), "no features");
    assertMessage(() -> new Dataset("s", 2, 2, new double[3], new double[2]), "length 3");
    assertMessage(() -> new Dataset("s", 2, 2, new double[4], new double[3]), "length 3");
    assertMessage(() -> new Dataset("s", 2, 2, new double[] {0, 0, 0, Double.NaN},
        new double[2]), "row 2, feature 2");
    assertMessage(() -> new Dataset("s", 2, 1, new double[2],
        new double[] {Double.POSITIVE_INFINITY, 0}), "row 1");
  }

  private static void assertMessage(Runnable r, String fragment) {
    DataException e = assertThrows(DataException.class, r::run);
    assertTrue(e.getMessage().startsWith("s"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
