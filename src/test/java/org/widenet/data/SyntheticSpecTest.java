package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticSpecTest {
  @Test
  void parsesAllKeysAndCanonicalizes() {
    SyntheticSpec s = SyntheticSpec.parse(" Sphere: seed=-7 , target=COS, d=10, n=200 ");
    assertEquals(200, s.n());
    assertEquals(10, s.d());
    assertEquals("cos", s.target());
    assertEquals(-7L, s.seed());
    assertEquals("sphere:n=200,d=10,target=cos,seed=-7", s.toString());
    assertEquals(s.toString(), SyntheticSpec.parse(s.toString()).toString());
  }

  @Test
  void defaults() {
    SyntheticSpec s = SyntheticSpec.parse("sphere:n=5,d=2");
    assertEquals(0L, s.seed());
    assertEquals("random", s.target());
    assertEquals("sphere:n=5,d=2,target=random,seed=0", s.toString());
  }

  @Test
  void parseErrors() {
    assertBad("", "empty");
    assertBad("cube:n=5,d=2,target=linear", "unknown kind \"cube\"");
    assertBad("sphere:n=5,d=2,k=3", "unknown key \"k\"");
    assertBad("sphere:n=5,d=2,target", "key=value");
    assertBad("sphere:d=2,target=linear", "missing n");
    assertBad("sphere:n=5,target=linear", "missing d");
    assertBad("sphere", "missing n");
    assertBad("sphere:n=0,d=2", "n must be >= 1");
    assertBad("sphere:n=5,d=1", "d must be >= 2");
    assertBad("sphere:n=5,d=0", "d must be >= 2");
    assertBad("sphere:n=5,d=2,target=sine", "unknown target \"sine\"");
    assertBad("sphere:n=1.5,d=2", "n must be an integer");
    assertBad("sphere:n=5,d=two", "d must be an integer");
    assertBad("sphere:n=5,d=2,seed=0x1", "seed must be an integer");
    assertBad("sphere:n=99999999999,d=2", "n is out of range");
    assertBad("sphere:n=5,n=6,d=2", "given twice");
    assertBad("sphere:n=100000,d=100000", "too large");
  }

  @Test
  void pointsAreOnTheUnitSphereAndLookUniform() {
    Dataset ds = SyntheticSpec.parse("sphere:n=4000,d=3,target=linear,seed=1").generate();
    assertEquals("sphere:n=4000,d=3,target=linear,seed=1", ds.source());
    assertEquals(4000, ds.n());
    assertEquals(3, ds.d());
    double[] mean = new double[3];
    double[] second = new double[3];
    for (int i = 0; i < ds.n(); i++) {
      double[] r = ds.row(i);
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += r[j] * r[j];
        mean[j] += r[j] / ds.n();
        second[j] += r[j] * r[j] / ds.n();
      }
      assertEquals(1.0, Math.sqrt(s), 1e-12);
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(0.0, mean[j], 0.05, "mean of coordinate " + j);
      assertEquals(1.0 / 3, second[j], 0.05, "second moment of coordinate " + j);
    }
  }

  @Test
  void scaledTargetsReachOneExactly() {
    for (String t : new String[] {"linear", "quadratic", "cos"}) {
      Dataset ds = SyntheticSpec.parse("sphere:n=300,d=5,target=" + t + ",seed=3").generate();
      double max = 0;
      for (double v : ds.y()) {
        assertTrue(Math.abs(v) <= 1.0, t + ": " + v);
        max = Math.max(max, Math.abs(v));
      }
      assertEquals(1.0, max, 0.0, t);
      assertEquals(1.0, ds.normalized().maxRowNorm(), 1e-12);
    }
  }

  @Test
  void cosTargetIsNonPositiveAndReachesMinusOne() {
    Dataset ds = SyntheticSpec.parse("sphere:n=200,d=4,target=cos,seed=9").generate();
    assertTrue(Arrays.stream(ds.y()).allMatch(v -> v <= 0.0));
    assertEquals(-1.0, Arrays.stream(ds.y()).min().getAsDouble(), 0.0);
  }

  @Test
  void linearTargetIsLinearInX() {
    Dataset ds = SyntheticSpec.parse("sphere:n=50,d=3,target=linear,seed=4").generate();
    // Solve y = w^T x from the first three rows (Cramer's rule) and check the rest.
    double[] a = ds.row(0);
    double[] b = ds.row(1);
    double[] c = ds.row(2);
    double[] y = ds.y();
    double det = det3(a, b, c);
    double[] w = new double[3];
    for (int k = 0; k < 3; k++) {
      double[][] m = {a.clone(), b.clone(), c.clone()};
      m[0][k] = y[0];
      m[1][k] = y[1];
      m[2][k] = y[2];
      w[k] = det3(m[0], m[1], m[2]) / det;
    }
    for (int i = 3; i < ds.n(); i++) {
      double[] r = ds.row(i);
      assertEquals(y[i], w[0] * r[0] + w[1] * r[1] + w[2] * r[2], 1e-9);
    }
  }

  @Test
  void randomLabelsArePlusMinusOne() {
    Dataset ds = SyntheticSpec.parse("sphere:n=500,d=2,target=random,seed=5").generate();
    int plus = 0;
    for (double v : ds.y()) {
      assertTrue(v == 1.0 || v == -1.0, "label " + v);
      plus += v > 0 ? 1 : 0;
    }
    assertTrue(plus > 150 && plus < 350, "roughly balanced: " + plus);
  }

  @Test
  void deterministicInSpecAndSensitiveToSeed() {
    for (String t : new String[] {"random", "linear", "quadratic", "cos"}) {
      String spec = "sphere:n=64,d=6,target=" + t + ",seed=11";
      Dataset a = SyntheticSpec.parse(spec).generate();
      Dataset b = SyntheticSpec.parse(spec).generate();
      assertArrayEquals(a.x(), b.x(), t);
      assertArrayEquals(a.y(), b.y(), t);
      Dataset c = SyntheticSpec.parse(spec.replace("seed=11", "seed=12")).generate();
      assertFalse(Arrays.equals(a.x(), c.x()), t);
      assertFalse(Arrays.equals(a.y(), c.y()), t);
    }
  }

  @Test
  void sameSeedSamePointsWhateverTheTarget() {
    Dataset lin = SyntheticSpec.parse("sphere:n=20,d=3,target=linear,seed=2").generate();
    Dataset cos = SyntheticSpec.parse("sphere:n=20,d=3,target=cos,seed=2").generate();
    assertArrayEquals(lin.x(), cos.x());
    assertFalse(Arrays.equals(lin.y(), cos.y()));
  }

  private static double det3(double[] a, double[] b, double[] c) {
    return a[0] * (b[1] * c[2] - b[2] * c[1])
        - a[1] * (b[0] * c[2] - b[2] * c[0])
        + a[2] * (b[0] * c[1] - b[1] * c[0]);
  }

  private static void assertBad(String spec, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.parse(spec));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
