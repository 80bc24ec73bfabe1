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
 * What a fit reports: the per-iteration metrics (the columns of the CLI's metrics.csv, and
 * validation_loss on the rows held out by validationIndicatorCol), the final loss, the
 * learning rate used, why training stopped, and provenance (versions, BLAS, data shape, seed,
 * time).
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
      .add("pattern_change", DataTypes.DoubleType, true)
      .add("validation_loss", DataTypes.DoubleType, true);

  private final List<IterationRecord> records;
  private final double[] validationLosses;
  private final double learningRate;
  private final String stopReason;
  private final Map<String, Object> provenance;

  /**
   * @param validationLosses one per record, NaN where none was computed
   * @param stopReason why training stopped (see {@link #stopReason()})
   */
  TrainingSummary(List<IterationRecord> records, double[] validationLosses, double learningRate,
      String stopReason, Map<String, Object> provenance) {
    if (validationLosses.length != records.size()) {
      throw new IllegalArgumentException(validationLosses.length + " validation losses for "
          + records.size() + " iterations");
    }
    this.records = List.copyOf(records);
    this.validationLosses = validationLosses.clone();
    this.learningRate = learningRate;
    this.stopReason = stopReason;
    this.provenance = provenance;
  }

  /** One row per iteration; null where a value was not computed. */
  public Dataset<Row> metrics(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      IterationRecord r = records.get(i);
      rows.add(RowFactory.create(r.iteration(), r.loss(), r.elapsedMs(), orNull(r.lambdaMin()),
          orNull(r.lambdaMax()), orNull(r.gramDrift()), r.maxMove(), r.froMove(),
          orNull(r.patternChange()), orNull(validationLosses[i])));
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

  /**
   * The loss on the rows held out by validationIndicatorCol at every recorded iteration (the
   * validation_loss column), NaN where none was computed: all NaN without held-out rows.
   */
  public double[] validationHistory() {
    return validationLosses.clone();
  }

  /**
   * Why training stopped: "maxIter" (gd, gn: ran every iteration), "epochs" (sgd: ran every
   * epoch), "tol" (the relative loss decrease met tol), "residualTol" (deep-last: ||f - y||
   * met residualTol ||y||), or "unknown" for a summary saved before widenet recorded it.
   */
  public String stopReason() {
    return stopReason;
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
