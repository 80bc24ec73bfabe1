package org.widenet.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.train.IterationRecord;

/**
 * What a fit reports: the per-iteration metrics (the columns of the CLI's metrics.csv), the
 * final loss, the learning rate used, and provenance (versions, BLAS, data shape, seed, time).
 * Saved with the model ({@link SummaryFile}) and reloaded with it.
 */
public final class TrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructType SCHEMA = new StructType()
      .add("iteration", DataTypes.IntegerType, false)
      .add("loss", DataTypes.DoubleType, false)
      .add("elapsed_ms", DataTypes.LongType, false)
      .add("lambda_min", DataTypes.DoubleType, true)
      .add("lambda_max", DataTypes.DoubleType, true)
      .add("gram_drift", DataTypes.DoubleType, true)
      .add("max_move", DataTypes.DoubleType, false)
      .add("fro_move", DataTypes.DoubleType, false)
      .add("pattern_change", DataTypes.DoubleType, true);

  private final List<IterationRecord> records;
  private final double learningRate;
  private final Map<String, Object> provenance;

  TrainingSummary(List<IterationRecord> records, double learningRate,
      Map<String, Object> provenance) {
    this.records = List.copyOf(records);
    this.learningRate = learningRate;
    this.provenance = provenance;
  }

  /** One row per iteration; null where a value was not computed. */
  public Dataset<Row> metrics(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (IterationRecord r : records) {
      rows.add(RowFactory.create(r.iteration(), r.loss(), r.elapsedMs(), orNull(r.lambdaMin()),
          orNull(r.lambdaMax()), orNull(r.gramDrift()), r.maxMove(), r.froMove(),
          orNull(r.patternChange())));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  public List<IterationRecord> records() {
    return records;
  }

  /** The loss at every recorded iteration, from the start (Spark's name for it). */
  public double[] objectiveHistory() {
    return records.stream().mapToDouble(IterationRecord::loss).toArray();
  }

  /** The iterations (sgd: steps) the fit ran. */
  public int totalIterations() {
    return iterations();
  }

  public double initialLoss() {
    return records.get(0).loss();
  }

  public double finalLoss() {
    return records.get(records.size() - 1).loss();
  }

  public int iterations() {
    return records.get(records.size() - 1).iteration();
  }

  public double learningRate() {
    return learningRate;
  }

  /** lambda_min of J J^T at every iteration where the Gram was computed. */
  public double[] lambdaMinHistory() {
    return records.stream().mapToDouble(IterationRecord::lambdaMin).filter(v -> !Double.isNaN(v))
        .toArray();
  }

  /** widenet and Spark versions, BLAS, Java, host, data shape, seed, time. */
  public Map<String, Object> provenance() {
    return provenance;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
