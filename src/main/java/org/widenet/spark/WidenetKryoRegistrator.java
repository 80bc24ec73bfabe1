package org.widenet.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.widenet.model.BlockPartial;
import org.widenet.model.NeuronBlock;

/**
 * Registers every widenet class that crosses the wire or lands in a checkpoint, so Spark can
 * run with {@code spark.kryo.registrationRequired=true}.
 */
public final class WidenetKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(NeuronBlock.class);
    kryo.register(BlockHolder.class);
    // The engine's broadcast inputs and its log of updates (replayed to rebuild lost blocks).
    kryo.register(org.widenet.model.DenseInputs.class);
    kryo.register(org.widenet.model.Step.class);
    kryo.register(java.util.ArrayList.class);
    kryo.register(double[][].class);
    kryo.register(BlockPartial.class);
    // deep-last: row blocks, their partials, the broadcast inputs (V, V^T V) and logged steps,
    // and the sparse layer outputs gathered per layer.
    kryo.register(org.widenet.deep.DeepBlock.class);
    kryo.register(org.widenet.deep.DeepPartial.class);
    kryo.register(org.widenet.deep.DeepInputs.class);
    kryo.register(org.widenet.deep.DeepStep.class);
    kryo.register(org.widenet.deep.SparseColumns.class);
    // A saved deep-last model's blocks (a, C_b), persisted and mapped when predicting.
    kryo.register(org.widenet.deep.DeepSavedBlock.class);
    kryo.register(double[].class);
    kryo.register(long[].class);
    kryo.register(int[].class);
    kryo.register(Object[].class);
    kryo.register(scala.Tuple2.class);
    kryo.register(scala.Tuple2[].class);
    // Saved models carry w as an ml.linalg vector column (shuffled when read back in order).
    kryo.register(org.apache.spark.ml.linalg.VectorUDT.class);
    kryo.register(org.apache.spark.ml.linalg.DenseVector.class);
    kryo.register(org.apache.spark.ml.linalg.SparseVector.class);
    // smooth2 (both layers trained): its blocks, their partials and the logged steps.
    kryo.register(org.widenet.smooth.SmoothBlock.class);
    kryo.register(org.widenet.smooth.SmoothPartial.class);
    kryo.register(org.widenet.smooth.SmoothStep.class);
    // softmax2 blocks, their partials and the broadcast (and logged) steps.
    kryo.register(org.widenet.softmax.SoftmaxBlock.class);
    kryo.register(org.widenet.softmax.SoftmaxPartial.class);
    kryo.register(org.widenet.softmax.SoftmaxStep.class);
  }
}
