package org.widenet.ml;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.BlockPredictions;

/**
 * The fitted state both model classes share: the trained blocks (cached on the executors),
 * the network, and, after a fit in this session, the training summary.
 */
final class ModelCore implements Serializable {
  private static final long serialVersionUID = 1L;
  final transient JavaRDD<NeuronBlock> blocks;
  final NetworkSpec spec;
  final int inputDim;
  final int numBlocks;
  final int fanIn;
  final int iterations;
  final LabelEncoding encoding;
  final transient TrainingSummary summary;
  final transient double[] trainingOutputs;
  final Map<String, Object> provenance;
  /** A driver-held softmax2 or smooth2 network (then blocks and spec are null), or null. */
  final HeldNetwork held;
  /** A deep-last network (then blocks, spec and held are null), or null. */
  final DeepNetwork deep;
  /** What the labels were divided by for training (scaleLabels); regression outputs times it. */
  final double labelScale;
  /** What this state keeps broadcast; destroyed by {@link #unpersist}. */
  final transient ModelBroadcasts broadcasts;
  /** Set by {@link #unpersist}: the blocks are released. */
  private transient volatile boolean closed;
  /** The weights gathered for predict(Vector) on the driver, once. */
  private transient volatile SmallNetwork driverNetwork;

  ModelCore(WideNetFit.Fitted f, int fanIn) {
    this(f.blocks(), f.spec(), null, null, f.inputDim(), f.numBlocks(), fanIn,
        f.summary().iterations(), f.encoding(), f.summary(), f.trainingOutputs(),
        f.summary().provenance(), new ModelBroadcasts());
    broadcasts.keepAll(f.broadcasts());
  }

  private ModelCore(JavaRDD<NeuronBlock> blocks, NetworkSpec spec, HeldNetwork held,
      DeepNetwork deep, int inputDim, int numBlocks, int fanIn, int iterations,
      LabelEncoding encoding,
      TrainingSummary summary, double[] trainingOutputs, Map<String, Object> provenance,
      ModelBroadcasts broadcasts) {
    this.broadcasts = broadcasts;
    this.held = held;
    this.deep = deep;
    this.blocks = blocks;
    this.spec = spec;
    this.inputDim = inputDim;
    this.numBlocks = numBlocks;
    this.fanIn = fanIn;
    this.iterations = iterations;
    this.encoding = encoding;
    this.summary = summary;
    this.trainingOutputs = trainingOutputs;
    this.provenance = provenance;
    this.labelScale = ModelMetadata.labelScale(provenance);
  }

  /**
   * The state of a softmax2 classifier or smooth2 regressor, fitted (with its summary) or
   * loaded (summary null).
   */
  static ModelCore held(HeldNetwork network, int numBlocks, int iterations,
      TrainingSummary summary, Map<String, Object> provenance) {
    return new ModelCore(null, null, network, null, network.inputDim, numBlocks, 0, iterations,
        LabelEncoding.IDENTITY, summary, null, provenance, new ModelBroadcasts());
  }

  /**
   * The state of a deep-last regressor or binary classifier, fitted (with its summary, its
   * outputs on the training rows and the broadcasts its blocks' RDD reads) or loaded.
   */
  static ModelCore deep(DeepNetwork network, LabelEncoding encoding, TrainingSummary summary,
      double[] trainingOutputs, Map<String, Object> provenance,
      java.util.List<org.apache.spark.broadcast.Broadcast<?>> keep) {
    ModelCore core = new ModelCore(null, null, null, network, network.spec.inputDim(),
        network.numBlocks, 0, network.iterations, encoding, summary, trainingOutputs,
        provenance, new ModelBroadcasts());
    core.broadcasts.keepAll(keep);
    return core;
  }

  /** The number of classes a classifier with this state predicts. */
  int numClasses() {
    return held != null ? held.outputs() : 2;
  }

  /** A loaded model's state; summary is null for a model saved without one. */
  static ModelCore loaded(WideNetModelIO.Loaded l, int fanIn, LabelEncoding encoding,
      TrainingSummary summary) {
    return new ModelCore(l.blocks(), l.spec(), null, null, l.inputDim(), l.numBlocks(), fanIn,
        l.iterations(), encoding, summary, null, l.provenance(), new ModelBroadcasts());
  }

  /** This state with a (reloaded) training summary. */
  ModelCore withSummary(TrainingSummary s) {
    return new ModelCore(blocks, spec, held, deep, inputDim, numBlocks, fanIn, iterations,
        encoding, s, trainingOutputs, provenance, broadcasts);
  }

  /**
   * Releases what this state keeps on the executors: every persisted RDD in the blocks'
   * lineage (the engine's block holders for a fitted model, the loaded blocks for a loaded
   * one, deep-last's included; a driver-held softmax2 or smooth2 network caches none), and
   * every broadcast it keeps
   * ({@link ModelBroadcasts}: the fit's inputs and step log, each transform's weights or
   * outputs). Idempotent; the model is closed afterwards (transform, predict and save refuse,
   * naming close).
   */
  void unpersist() {
    closed = true;
    if (broadcasts != null) {
      broadcasts.destroyAll();
    }
    if (blocks != null) {
      unpersistLineage(blocks.rdd());
    }
    if (deep != null) {
      unpersistLineage(deep.blocks.rdd());
    }
    driverNetwork = null;
  }

  /** Unpersists every persisted RDD in the lineage of rdd (rdd included). */
  private static void unpersistLineage(org.apache.spark.rdd.RDD<?> rdd) {
    java.util.ArrayDeque<org.apache.spark.rdd.RDD<?>> todo = new java.util.ArrayDeque<>();
    todo.add(rdd);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      org.apache.spark.rdd.RDD<?> next = todo.poll();
      if (!seen.add(next.id())) {
        continue;
      }
      if (next.getStorageLevel() != org.apache.spark.storage.StorageLevel.NONE()) {
        next.unpersist(false);
      }
      scala.collection.Iterator<org.apache.spark.Dependency<?>> deps =
          next.dependencies().iterator();
      while (deps.hasNext()) {
        todo.add(deps.next().rdd());
      }
    }
  }

  static ModelCore require(ModelCore core) {
    if (core == null) {
      throw new IllegalStateException("this model holds no weights: get one from fit or load");
    }
    if (core.closed) {
      throw new IllegalStateException("this model was closed (close/unpersist released its "
          + "blocks): load it again, or fit again");
    }
    return core;
  }

  static TrainingSummary summary(ModelCore core) {
    if (core == null || core.summary == null) {
      throw new IllegalStateException("no training summary: this model was loaded, not fit");
    }
    return core.summary;
  }

  /**
   * The schema after transform: the input plus rawPrediction (a Vector; classifiers, where
   * rawCol is not null) and prediction; an output column named "" is left out, as Spark's
   * models do (OneVsRest asks for rawPrediction only).
   */
  static StructType outputSchema(StructType schema, WideNetParams p, String rawCol,
      boolean fitting) {
    FrameData.requireVector(schema, p.getFeaturesCol());
    if (fitting) {
      FrameData.requireNumeric(schema, p.getLabelCol());
    }
    StructType out = schema;
    if (rawCol != null && !rawCol.isEmpty()) {
      out = add(out, rawCol, SQLDataTypes.VectorType());
    }
    return p.getPredictionCol().isEmpty() ? out
        : add(out, p.getPredictionCol(), DataTypes.DoubleType);
  }

  private static StructType add(StructType schema, String column, DataType type) {
    for (String name : schema.fieldNames()) {
      if (name.equals(column)) {
        throw new IllegalArgumentException("output column \"" + column + "\" already exists");
      }
    }
    return schema.add(column, type, true);
  }

  /** Transforms df; rawCol is the rawPrediction column of a classifier, null for a regressor. */
  Dataset<Row> transform(Dataset<?> df, WideNetParams p, String rawCol) {
    StructType out = outputSchema(df.schema(), p, rawCol, false);
    FrameData.requireSize(df.schema(), p.getFeaturesCol(), inputDim);
    if (held != null) {
      return held.transform(df, p.getFeaturesCol(), rawCol, p.getPredictionCol(),
          labelScale, broadcasts);
    }
    if (deep != null) {
      return WideNetPrediction.streamed(df, deep::outputs, new WideNetPrediction.Labels(
          inputDim, encoding, rawCol == null ? labelScale : 1.0, broadcasts), p, rawCol, out);
    }
    return WideNetPrediction.transform(df, new WideNetPrediction.State(blocks, spec, inputDim,
        fanIn, encoding, rawCol == null ? labelScale : 1.0, broadcasts), p, rawCol, out);
  }

  /**
   * The network output f(x) for one row, on the driver: from the gathered weights when they
   * are at most {@code threshold} doubles (gathered once), else by one job over the blocks
   * (deep-last: always where the blocks live, a few jobs per call).
   */
  double output(Vector features, long threshold) {
    double[] x = features.toArray();
    if (x.length != inputDim) {
      throw new IllegalArgumentException("features has " + x.length + " entries, the model "
          + "was trained on " + inputDim);
    }
    if (deep != null) {
      return deep.outputs(JavaSparkContext.fromSparkContext(deep.blocks.context()), x, 1)[0];
    }
    WideNetPrediction.State s = new WideNetPrediction.State(blocks, spec, inputDim, fanIn,
        encoding, 1.0, broadcasts);
    if (!WideNetPrediction.broadcastsWeights(s, threshold)) {
      return BlockPredictions.outputs(JavaSparkContext.fromSparkContext(blocks.context()),
          blocks, spec, x, 1, fanIn)[0];
    }
    SmallNetwork network = driverNetwork;
    if (network == null) {
      network = new SmallNetwork(spec.family().activation(), spec.outputScale(), inputDim,
          SmallNetwork.pack(spec, inputDim, WideNetPrediction.blocksInOrder(blocks)));
      driverNetwork = network;
    }
    return network.output(x);
  }
}
