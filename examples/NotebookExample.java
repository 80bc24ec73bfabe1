// widenet from a notebook or JShell: a Spark ML Pipeline (VectorAssembler -> WideNetRegressor)
// that fits a wide two-layer ReLU network, evaluates it, saves it and loads it back.
//
// The session needs target/widenet-0.1.0.jar (`mvn -B -DskipTests package`) and, set before
// it starts, spark.serializer=org.apache.spark.serializer.KryoSerializer and
// spark.kryo.registrator=org.widenet.spark.WidenetKryoRegistrator: see main() below and the
// README section "Notebooks and the Spark ML API" (spark.jars, --jars, %AddJar, JShell).
//
// In JShell:  /open examples/NotebookExample.java
//             NotebookExample.run(spark, "/tmp/widenet-notebook")
//
// The body of run() is what goes into notebook cells. NotebookExampleTest compiles and runs this
// very file on every `mvn test`, and checks the README's copy of the cells against it.

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.ml.TrainingSummary;
import org.widenet.ml.WideNetRegressionModel;
import org.widenet.ml.WideNetRegressor;

public class NotebookExample {

  /** Runs the example; returns what a notebook would display, by name. */
  public static Map<String, Object> run(SparkSession spark, String modelDir) throws Exception {
    // 1. A DataFrame of raw numeric columns: y = x1 * x2 + sin(2 x3) + noise.
    StructType schema = new StructType()
        .add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType)
        .add("x3", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      double x3 = random.nextGaussian();
      double y = x1 * x2 + Math.sin(2 * x3) + 0.05 * random.nextGaussian();
      rows.add(RowFactory.create(x1, x2, x3, y));
    }
    // relu2 has no bias term (f(c x) = c f(x) for c > 0): a constant column gives it one.
    Dataset<Row> df = spark.createDataFrame(rows, schema).withColumn("one", functions.lit(1.0));

    // 2. VectorAssembler -> WideNetRegressor in a Pipeline. stepSize is left unset: gradient
    //    descent then uses 1 / lambda_max(J J^T) at initialization. y reaches |y| > 1, outside
    //    the range the models assume: scaleLabels trains on y / max |y| and predicts in y's units.
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x1", "x2", "x3", "one"})
        .setOutputCol("features");
    WideNetRegressor regressor = new WideNetRegressor()
        .setLabelCol("y")
        .setScaleLabels(true)
        .setWidth(2000)
        .setMaxIter(100)
        .setNumBlocks(2)
        .setSeed(7);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, regressor});
    PipelineModel model = pipeline.fit(df);

    // 3. Predict and evaluate on the training data.
    Dataset<Row> predictions = model.transform(df);
    double rmse = new RegressionEvaluator()
        .setLabelCol("y")
        .setPredictionCol("prediction")
        .setMetricName("rmse")
        .evaluate(predictions);
    double labelStd = df.agg(functions.stddev_pop("y")).first().getDouble(0);

    // The fitted network and its training summary (kept in memory after a fit, not saved).
    WideNetRegressionModel network = (WideNetRegressionModel) model.stages()[1];
    TrainingSummary summary = network.summary();
    Dataset<Row> metrics = summary.metrics(spark); // metrics.show() in a notebook

    // 4. Save, load back, predict again.
    model.write().overwrite().save(modelDir);
    PipelineModel reloaded = PipelineModel.load(modelDir);
    Dataset<Row> again = reloaded.transform(df);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rmse", rmse);
    result.put("labelStd", labelStd);
    result.put("initialLoss", summary.initialLoss());
    result.put("finalLoss", summary.finalLoss());
    result.put("lambdaMinHistory", summary.lambdaMinHistory());
    result.put("metricsRows", metrics.count());
    result.put("predictions", column(predictions, "prediction"));
    result.put("reloadedPredictions", column(again, "prediction"));
    return result;
  }

  private static double[] column(Dataset<Row> df, String name) {
    List<Row> rows = df.select(name).collectAsList();
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i).getDouble(0);
    }
    return values;
  }

  public static void main(String[] args) throws Exception {
    // widenet ships its neuron blocks with Kryo: these two settings must be in place before
    // the session starts (in a notebook, in its Spark configuration).
    SparkSession spark = SparkSession.builder().master("local[*]").appName("widenet-notebook")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.widenet.spark.WidenetKryoRegistrator")
        .getOrCreate();
    Map<String, Object> result = run(spark, args.length > 0 ? args[0] : "/tmp/widenet-notebook");
    System.out.printf("rmse %.4f (label std %.4f), loss %.4g -> %.4g%n", result.get("rmse"),
        result.get("labelStd"), result.get("initialLoss"), result.get("finalLoss"));
    spark.stop();
  }
}
