package org.widenet.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SparseColumns;
import org.widenet.model.BlockLayout;
import scala.Tuple2;

/**
 * deep-last's frozen layers on Spark, before the engine starts: one job per layer over the
 * block ids of the trained blocks' split ({@link DeepFamily#layout}); each task regenerates its
 * rows of W_l from the seed and returns its rows of h_l sparse, and the driver stacks them in
 * block order ({@link LayerPass#run}) and broadcasts the next layer's input (destroyed after
 * the job). Only the sparse h crosses the network.
 */
public final class SparkLayerJobs implements LayerPass.RowJobs {
  private final JavaSparkContext jsc;
  private final DeepSpec spec;
  private final BlockLayout layout;

  public SparkLayerJobs(JavaSparkContext jsc, DeepSpec spec, int numBlocks) {
    this.jsc = jsc;
    this.spec = spec;
    this.layout = new DeepFamily(spec).layout(numBlocks);
  }

  /** Layers 1..L-1 of {@code spec} on Spark from the inputs (d x n, one column per point). */
  public static LayerPass.Result run(JavaSparkContext jsc, DeepSpec spec, int numBlocks,
      SparseColumns x) {
    return LayerPass.run(spec, x, new SparkLayerJobs(jsc, spec, numBlocks));
  }

  @Override
  public List<SparseColumns> layer(int layer, SparseColumns input) {
    Broadcast<SparseColumns> in = jsc.broadcast(input);
    DeepSpec network = spec;
    BlockLayout split = layout;
    try {
      List<Integer> ids = IntStream.range(0, split.numBlocks()).boxed().toList();
      List<Tuple2<Integer, SparseColumns>> parts = new ArrayList<>(
          jsc.parallelize(ids, split.numBlocks())
              .map(b -> new Tuple2<>(b, LayerPass.blockLayer(network, layer, split.start(b),
                  split.count(b), in.value())))
              .collect());
      parts.sort(Comparator.comparing(Tuple2::_1));
      List<SparseColumns> inOrder = new ArrayList<>();
      parts.forEach(t -> inOrder.add(t._2()));
      return inOrder;
    } finally {
      in.destroy();
    }
  }
}
