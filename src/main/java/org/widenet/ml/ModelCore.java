package org.widenet.ml;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;

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
  /** What the labels were divided by for training (scaleLabels); regression outputs are times it. */
  final double labelScale;

  ModelCore(WideNetFit.Fitted f, int fanIn) {
    this(f.blocks(), f.spec(), f.inputDim(), f.numBlocks(), fanIn, f.summary().iterations(),
        f.encoding(), f.summary(), f.trainingOutputs(), f.summary().provenance());
  }

  ModelCore(JavaRDD<NeuronBlock> blocks, NetworkSpec spec, int inputDim, int numBlocks,
      int fanIn, int iterations, LabelEncoding encoding, TrainingSummary summary,
      double[] trainingOutputs, Map<String, Object> provenance) {
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

  static ModelCore loaded(WideNetModelIO.Loaded l, int fanIn, LabelEncoding encoding) {
    return new ModelCore(l.blocks(), l.spec(), l.inputDim(), l.numBlocks(), fanIn,
        l.iterations(), encoding, null, null, l.provenance());
  }

  /** The schema after transform: the input plus prediction (and rawPrediction). */
  static StructType outputSchema(StructType schema, WideNetParams p, boolean classifier,
      boolean fitting) {
    FrameData.requireVector(schema, p.getFeaturesCol());
    if (fitting) {
      FrameData.requireNumeric(schema, p.getLabelCol());
    }
    StructType out = schema;
    if (classifier) {
      out = add(out, p.$(p.rawPredictionCol()));
    }
    return add(out, p.getPredictionCol());
  }

  private static StructType add(StructType schema, String column) {
    for (String name : schema.fieldNames()) {
      if (name.equals(column)) {
        throw new IllegalArgumentException("output column \"" + column + "\" already exists");
      }
    }
    return schema.add(column, DataTypes.DoubleType, true);
  }

  Dataset<Row> transform(Dataset<?> df, WideNetParams p, boolean classifier) {
    StructType out = outputSchema(df.schema(), p, classifier, false);
    FrameData.requireSize(df.schema(), p.getFeaturesCol(), inputDim);
    return WideNetPrediction.transform(df, new WideNetPrediction.State(blocks, spec, inputDim,
        fanIn, encoding, classifier ? 1.0 : labelScale), p, classifier, out);
  }
}
