// widenet from a notebook or JShell: a Spark ML Pipeline (StandardScaler -> Normalizer ->
// WideNetClassifier) that classifies Fashion-MNIST images (10 classes) with a wide softmax2
// network, picks its width by CrossValidator, evaluates it, saves it and loads it back.
//
// The session needs target/widenet-0.1.0.jar (`mvn -B -DskipTests package`) and, set before
// it starts, spark.serializer=org.apache.spark.serializer.KryoSerializer and
// spark.kryo.registrator=org.widenet.spark.WidenetKryoRegistrator: see main() below and the
// README section "Notebooks and the Spark ML API" (spark.jars, --jars, %AddJar, JShell).
// The data: the four Fashion-MNIST IDX files (train-images-idx3-ubyte.gz, ...) in one directory.
//
// In JShell:  /open examples/NotebookExample.java
//             NotebookExample.run(spark, "/path/to/fashion-mnist", "/tmp/widenet-notebook")
//
// The body of run() is what goes into notebook cells. NotebookExampleTest compiles this very
// file on every `mvn test`, runs it where the data set is installed, and checks the README's
// copy of the cells against it.

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.experiment.teacher.ClassData;
import org.widenet.experiment.teacher.ImageClasses;
import org.widenet.ml.TrainingSummary;
import org.widenet.ml.WideNetClassificationModel;
import org.widenet.ml.WideNetClassifier;

public class NotebookExample {

  /** Runs the example; returns what a notebook would display, by name. */
  public static Map<String, Object> run(SparkSession spark, String dataDir, String modelDir)
      throws Exception {
    // 1. DataFrames of (pixels Vector, label 0..9): the first 2000 training and test images.
    ImageClasses.Split split = ImageClasses.load(dataDir, 2000, 2000);
    Dataset<Row> train = frame(spark, split.train()).cache();
    Dataset<Row> test = frame(spark, split.test()).cache();

    // 2. Center the pixels, scale each image to unit norm (the networks assume ||x|| <= 1),
    //    then a wide softmax2 network, one output per class: with 10 classes in the label
    //    column the classifier trains softmax2 without being told. sgd needs a stepSize.
    StandardScaler center = new StandardScaler().setInputCol("pixels").setOutputCol("centered")
        .setWithMean(true).setWithStd(false);
    Normalizer unitNorm = new Normalizer().setInputCol("centered").setOutputCol("features");
    WideNetClassifier classifier = new WideNetClassifier()
        .setOptimizer("sgd")
        .setStepSize(3e-5)
        .setEpochs(5)
        .setBatchSize(200)
        .setNumBlocks(2)
        .setSeed(1);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {center, unitNorm, classifier});

    // 3. CrossValidator picks the width: 2 widths x 2 folds, scored by accuracy.
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.width(), new long[] {200, 400})
        .build();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    CrossValidator cv = new CrossValidator()
        .setEstimator(pipeline)
        .setEstimatorParamMaps(grid)
        .setEvaluator(accuracy)
        .setNumFolds(2)
        .setSeed(7);
    CrossValidatorModel cvModel = cv.fit(train);
    PipelineModel model = (PipelineModel) cvModel.bestModel();

    // 4. Test accuracy, the fitted network and its training summary.
    Dataset<Row> predictions = model.transform(test);
    double testAccuracy = accuracy.evaluate(predictions);
    WideNetClassificationModel network = (WideNetClassificationModel) model.stages()[2];
    TrainingSummary summary = network.summary();
    Dataset<Row> metrics = summary.metrics(spark); // metrics.show() in a notebook

    // 5. Save, load back, predict again.
    model.write().overwrite().save(modelDir);
    PipelineModel reloaded = PipelineModel.load(modelDir);
    Dataset<Row> again = reloaded.transform(test);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("testAccuracy", testAccuracy);
    result.put("foldAccuracies", cvModel.avgMetrics());
    result.put("bestWidth", network.getWidth());
    result.put("model", network.getModel());
    result.put("numClasses", network.numClasses());
    result.put("initialLoss", summary.initialLoss());
    result.put("finalLoss", summary.finalLoss());
    result.put("metricsRows", metrics.count());
    result.put("predictions", column(predictions, "prediction"));
    result.put("reloadedPredictions", column(again, "prediction"));
    train.unpersist();
    test.unpersist();
    return result;
  }

  /** A DataFrame of (pixels, label) from images held as n x d column-major pixels / 255. */
  private static Dataset<Row> frame(SparkSession spark, ClassData images) {
    int n = images.n();
    int d = images.d();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] pixels = new double[d];
      for (int j = 0; j < d; j++) {
        pixels[j] = images.x()[i + j * n];
      }
      rows.add(RowFactory.create(Vectors.dense(pixels), (double) images.labels()[i]));
    }
    StructType schema = new StructType()
        .add("pixels", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
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
    Map<String, Object> result = run(spark, args[0],
        args.length > 1 ? args[1] : "/tmp/widenet-notebook");
    System.out.printf("test accuracy %.4f with width %d, loss %.4g -> %.4g%n",
        result.get("testAccuracy"), result.get("bestWidth"), result.get("initialLoss"),
        result.get("finalLoss"));
    spark.stop();
  }
}
