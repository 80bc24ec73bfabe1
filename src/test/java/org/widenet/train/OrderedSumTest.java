package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.model.BlockPartial;

class OrderedSumTest {

  private static List<BlockPartial> partials(int count, int n) {
    Random rng = new Random(count);
    List<BlockPartial> list = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      double[] u = new double[n];
      double[] g = new double[n * (n + 1) / 2];
      for (int i = 0; i < n; i++) {
        u[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(8));
      }
      for (int i = 0; i < g.length; i++) {
        g[i] = rng.nextGaussian();
      }
      list.add(new BlockPartial(b, u, g, rng.nextDouble(), rng.nextDouble(), rng.nextInt(5)));
    }
    return list;
  }

  @Test
  void groupedSumIsTheGroupedLeftToRightSum() {
    List<BlockPartial> list = partials(37, 5);
    BlockPartial grouped = OrderedSum.grouped(list, 8);
    double[] expected = new double[5];
    for (int start = 0; start < 37; start += 8) {
      double[] group = list.get(start).u().clone();
      for (int b = start + 1; b < Math.min(37, start + 8); b++) {
        for (int i = 0; i < 5; i++) {
          group[i] += list.get(b).u()[i];
        }
      }
      for (int i = 0; i < 5; i++) {
        expected[i] = start == 0 ? group[i] : expected[i] + group[i];
      }
    }
    assertArrayEquals(expected, grouped.u(), 0.0);
    double maxMove = list.stream().mapToDouble(BlockPartial::maxMove).max().orElseThrow();
    assertEquals(maxMove, grouped.maxMove(), 0.0);
    assertEquals(0, grouped.firstBlock());
  }

  @Test
  void smallCountsAreSummedSequentially() {
    List<BlockPartial> list = partials(5, 4);
    assertArrayEquals(OrderedSum.sequential(list).u(), OrderedSum.grouped(list, 16).u(), 0.0);
    assertArrayEquals(OrderedSum.sequential(list).gram(), OrderedSum.grouped(list, 16).gram(),
        0.0);
  }
}
