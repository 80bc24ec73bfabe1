package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.data.TestFiles.write;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/**
 * Parquet written by Spark itself (in {@link #writeWithSpark}, after which Spark is stopped)
 * is read by {@link DataLoader} without Spark and gives the same dataset as the same numbers in
 * a CSV file.
 */
class ParquetLoaderTest {
  private static final DataFormat PARQUET = DataFormat.PARQUET;
  private static final double NAN = Double.NaN;

  /** The reference data: four rows, three features, as CSV with the label last. */
  private static final String CSV_TEXT = "a,b,c,label\n"
      + "0.5,0,-2,1\n"
      + "0,0,0.25,-1\n"
      + "1,2,3,-1\n"
      + "0,7,0,1\n";

  @TempDir static Path root;
  /** Spark output directories by name. */
  private static final Map<String, String> DIRS = new HashMap<>();
  private static Dataset reference;

  @BeforeAll
  static void writeWithSpark() {
    SparkSession spark = SparkFixture.start();
    try {
      DataType vector = new VectorUDT();
      StructType dense = new StructType().add("label", DataTypes.DoubleType)
          .add("features", vector).add("name", DataTypes.StringType);
      save(spark, "dense", dense, 1,
          row(1.0, Vectors.dense(0.5, 0, -2), "r1"),
          row(-1.0, Vectors.dense(0, 0, 0.25), "r2"),
          row(-1.0, Vectors.dense(1, 2, 3), "r3"),
          row(1.0, Vectors.dense(0, 7, 0), "r4"));
      // int labels, sparse vectors and one dense vector in the same column
      StructType sparse = new StructType().add("f", vector).add("y", DataTypes.IntegerType);
      save(spark, "sparse", sparse, 1,
          row(Vectors.sparse(3, new int[] {0, 2}, new double[] {0.5, -2}), 1),
          row(Vectors.sparse(3, new int[] {2}, new double[] {0.25}), -1),
          row(Vectors.dense(1, 2, 3), -1),
          row(Vectors.sparse(3, new int[] {1}, new double[] {7}), 1));
      // long and float labels, two part files
      StructType parts = new StructType().add("label", DataTypes.LongType)
          .add("features", vector).add("fl", DataTypes.FloatType);
      save(spark, "parts", parts, 2,
          row(1L, Vectors.dense(0.5, 0, -2), 1f),
          row(-1L, Vectors.sparse(3, new int[] {2}, new double[] {0.25}), -1f),
          row(-1L, Vectors.dense(1, 2, 3), -1f),
          row(1L, Vectors.sparse(3, new int[] {1}, new double[] {7}), 1f));
      StructType array = new StructType().add("label", DataTypes.DoubleType)
          .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("ints", DataTypes.createArrayType(DataTypes.IntegerType, false));
      save(spark, "array", array, 1,
          row(1.0, new double[] {0.5, 0, -2}, new int[] {1, 0}),
          row(-1.0, new double[] {0, 0, 0.25}, new int[] {0, 1}),
          row(-1.0, new double[] {1, 2, 3}, new int[] {2, 2}),
          row(1.0, new double[] {0, 7, 0}, new int[] {3, 0}));
      // Rows 2, 3, 4, 5 and 6 are bad; row 7 has an infinite sparse value; rows 1 and 8 good.
      save(spark, "bad", dense, 1,
          row(1.0, Vectors.dense(1, 2, 3), "good"),
          row(null, Vectors.dense(1, 2, 3), "null label"),
          row(-1.0, null, "null features"),
          row(1.0, Vectors.dense(1, NAN, 3), "NaN feature"),
          row(-1.0, Vectors.dense(1, 2), "short"),
          row(NAN, Vectors.dense(1, 2, 3), "NaN label"),
          row(-1.0, Vectors.sparse(3, new int[] {2}, new double[] {Double.POSITIVE_INFINITY}),
              "infinite"),
          row(-1.0, Vectors.sparse(3, new int[] {0}, new double[] {4}), "good"));
      StructType arrayNulls = new StructType().add("label", DataTypes.DoubleType)
          .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
      save(spark, "arraynull", arrayNulls, 1,
          row(1.0, new Double[] {1.0, 2.0}),
          row(1.0, new Double[] {1.0, null}),
          row(1.0, null));
      save(spark, "badsparse", dense, 1,
          row(1.0, Vectors.sparse(3, new int[] {0}, new double[] {1}), "good"),
          row(1.0, Vectors.sparse(3, new int[] {2}, new double[] {Double.POSITIVE_INFINITY}),
              "infinite"),
          row(1.0, Vectors.sparse(4, new int[] {0}, new double[] {1}), "size 4"));
      // Plain structs shaped like Spark's vectors, with what Vectors would refuse to build.
      StructType raw = new StructType().add("type", DataTypes.ByteType, false)
          .add("size", DataTypes.IntegerType)
          .add("indices", DataTypes.createArrayType(DataTypes.IntegerType, false))
          .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false));
      StructType rawvec = new StructType().add("label", DataTypes.DoubleType)
          .add("features", raw);
      save(spark, "rawvec", rawvec, 1,
          row(1.0, vec(1, null, null, new double[] {1, 2, 3})),
          row(1.0, vec(2, 3, null, new double[] {1, 2, 3})),
          row(1.0, vec(0, null, new int[] {0}, new double[] {1})),
          row(1.0, vec(0, 3, new int[] {3}, new double[] {1})),
          row(1.0, vec(0, 3, new int[] {2, 1}, new double[] {1, 1})),
          row(1.0, vec(0, 3, new int[] {0, 1}, new double[] {1})),
          row(1.0, vec(1, null, null, null)),
          row(1.0, vec(0, 3, new int[] {1}, new double[] {5})));
      save(spark, "allbad", dense, 1,
          row(null, Vectors.dense(1), "a"),
          row(NAN, Vectors.dense(1), "b"));
      spark.conf().set("spark.sql.parquet.writeLegacyFormat", "true");
      save(spark, "legacy", parts, 1,
          row(1L, Vectors.dense(0.5, 0, -2), 1f),
          row(-1L, Vectors.sparse(3, new int[] {2}, new double[] {0.25}), -1f),
          row(-1L, Vectors.dense(1, 2, 3), -1f),
          row(1L, Vectors.sparse(3, new int[] {1}, new double[] {7}), 1f));
      save(spark, "legacyarray", array, 1,
          row(1.0, new double[] {0.5, 0, -2}, new int[] {1, 0}),
          row(-1.0, new double[] {0, 0, 0.25}, new int[] {0, 1}),
          row(-1.0, new double[] {1, 2, 3}, new int[] {2, 2}),
          row(1.0, new double[] {0, 7, 0}, new int[] {3, 0}));
    } finally {
      spark.stop();
    }
    reference = DataLoader.load(write(root, "reference.csv", CSV_TEXT), DataFormat.CSV,
        "label");
  }

  @AfterAll
  static void noSessionLeft() {
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @BeforeEach
  void sparkIsNotRunning() {
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "the loader must not need Spark");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "the loader must not need Spark");
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }

  private static Row vec(int type, Integer size, int[] indices, double[] values) {
    return RowFactory.create((byte) type, size, indices, values);
  }

  private static void save(SparkSession spark, String name, StructType schema, int files,
      Row... rows) {
    String dir = root.resolve(name + ".parquet").toString();
    spark.createDataFrame(Arrays.asList(rows), schema).coalesce(files).write().parquet(dir);
    DIRS.put(name, dir);
  }

  /** The Parquet part files of one output directory, in name order. */
  private static List<String> partFiles(String name) {
    String[] parts = new File(DIRS.get(name)).list((d, f) -> f.endsWith(".parquet"));
    Arrays.sort(parts);
    List<String> paths = new ArrayList<>();
    for (String p : parts) {
      paths.add(DIRS.get(name) + "/" + p);
    }
    return paths;
  }

  private static LoadOptions options(String label, String features, boolean skip) {
    return new LoadOptions(label, null, features, skip);
  }

  private static LoadResult load(String path, LoadOptions options) {
    return DataLoader.load(path, PARQUET, options);
  }

  private static void assertSameAsReference(Dataset ds) {
    assertEquals(reference.n(), ds.n());
    assertEquals(reference.d(), ds.d());
    assertArrayEquals(reference.x(), ds.x());
    assertArrayEquals(reference.y(), ds.y());
  }

  private static DataException fails(String path, LoadOptions options, String message) {
    DataException e = assertThrows(DataException.class, () -> load(path, options));
    assertEquals(message, e.getMessage());
    return e;
  }

  @Test
  void denseVectorsWithDoubleLabelsMatchTheCsv() {
    LoadResult r = load(DIRS.get("dense"), LoadOptions.defaults());
    assertSameAsReference(r.data());
    assertEquals(DIRS.get("dense"), r.data().source());
    assertEquals(0, r.skippedRows());
    // The old three-argument load reads Parquet too, with the column "features".
    assertSameAsReference(DataLoader.load(DIRS.get("dense"), PARQUET, "label"));
    // A single part file is read the same as its directory.
    List<String> part = partFiles("dense");
    assertEquals(1, part.size());
    assertSameAsReference(load(part.get(0), LoadOptions.defaults()).data());
  }

  @Test
  void sparseVectorsWithIntLabelsMatchTheCsv() {
    assertSameAsReference(load(DIRS.get("sparse"), options("y", "f", false)).data());
  }

  @Test
  void directoryOfTwoPartFilesIsReadInOrder() {
    List<String> parts = partFiles("parts");
    assertEquals(2, parts.size(), "Spark should have written two part files");
    assertSameAsReference(load(DIRS.get("parts"), LoadOptions.defaults()).data());
    assertSameAsReference(load(DIRS.get("parts") + "/", LoadOptions.defaults()).data());
    // The first part holds the first rows, the second the others.
    Dataset first = load(parts.get(0), LoadOptions.defaults()).data();
    Dataset second = load(parts.get(1), LoadOptions.defaults()).data();
    assertEquals(reference.n(), first.n() + second.n());
    assertArrayEquals(reference.row(0), first.row(0));
    assertArrayEquals(reference.row(reference.n() - 1), second.row(second.n() - 1));
    // A float label column.
    assertArrayEquals(reference.y(), load(DIRS.get("parts"), options("fl", null, false)).data()
        .y());
  }

  @Test
  void arrayColumnsMatchTheCsv() {
    assertSameAsReference(load(DIRS.get("array"), LoadOptions.defaults()).data());
    Dataset ints = load(DIRS.get("array"), options("label", "ints", false)).data();
    assertEquals(2, ints.d());
    assertArrayEquals(new double[] {1, 0, 2, 3, 0, 1, 2, 0}, ints.x());
  }

  @Test
  void legacyParquetListsAreReadToo() {
    assertSameAsReference(load(DIRS.get("legacy"), LoadOptions.defaults()).data());
    assertSameAsReference(load(DIRS.get("legacyarray"), LoadOptions.defaults()).data());
  }

  @Test
  void sparkWritesVectorsAsTheStructWeExpect() {
    String part = partFiles("dense").get(0);
    // Reading the vector column as a label shows how Spark stored it.
    fails(part, options("features", "label", false), part + ", column \"features\": type "
        + "struct<type: int32 (INTEGER(8,true)), size: int32, indices: array<int32>, values: "
        + "array<double>> is not a number (expected double, float, int or long)");
  }

  @Test
  void missingColumnListsTheSchemasColumns() {
    String part = partFiles("dense").get(0);
    fails(DIRS.get("dense"), options("label", "vec", false), part
        + ": column \"vec\" not found in the Parquet schema [label, features, name]");
    fails(DIRS.get("dense"), options("target", null, true), part
        + ": column \"target\" not found in the Parquet schema [label, features, name]");
  }

  @Test
  void columnsOfTheWrongTypeAreRejected() {
    String part = partFiles("dense").get(0);
    fails(DIRS.get("dense"), options("label", "name", true), part + ", column \"name\": type "
        + "binary (STRING) is neither a Spark ML vector (struct<type, size, indices, values>) "
        + "nor an array of numbers");
    fails(DIRS.get("dense"), options("name", null, false), part + ", column \"name\": type "
        + "binary (STRING) is not a number (expected double, float, int or long)");
    String parts = partFiles("parts").get(0);
    fails(DIRS.get("parts"), options("label", "fl", false), parts + ", column \"fl\": type "
        + "float is neither a Spark ML vector (struct<type, size, indices, values>) nor an "
        + "array of numbers");
    assertThrows(IllegalArgumentException.class,
        () -> load(DIRS.get("dense"), options("label", "label", false)));
    assertThrows(IllegalArgumentException.class, () -> load(DIRS.get("dense"),
        new LoadOptions("label", List.of("a"), null, false)));
  }

  @Test
  void firstBadRowStopsTheLoadNamingFileRowAndColumn() {
    String part = partFiles("bad").get(0);
    fails(DIRS.get("bad"), LoadOptions.defaults(), part + " row 2, column \"label\": null");
  }

  @Test
  void skippedParquetRowsAreCountedWithTheirReasons() {
    String part = partFiles("bad").get(0);
    LoadResult r = load(DIRS.get("bad"), options(null, null, true));
    assertEquals(6, r.skippedRows());
    assertEquals(List.of(
        part + " row 2, column \"label\": null",
        part + " row 3, column \"features\": null",
        part + " row 4, column \"features\", feature 2: not a finite number: NaN",
        part + " row 5, column \"features\": vector of size 2, expected 3 (the size in row 1)",
        part + " row 6, column \"label\": not a finite number: NaN"), r.skippedExamples());
    Dataset ds = r.data();
    assertEquals(2, ds.n());
    assertEquals(3, ds.d());
    assertArrayEquals(new double[] {1, -1}, ds.y());
    assertArrayEquals(new double[] {1, 4, 2, 0, 3, 0}, ds.x());
  }

  @Test
  void badSparseVectorsNameTheirFeature() {
    String part = partFiles("badsparse").get(0);
    fails(part, LoadOptions.defaults(),
        part + " row 2, column \"features\", feature 3: not a finite number: Infinity");
    LoadResult r = load(part, options(null, null, true));
    assertEquals(List.of(
        part + " row 2, column \"features\", feature 3: not a finite number: Infinity",
        part + " row 3, column \"features\": vector of size 4, expected 3 (the size in row 1)"),
        r.skippedExamples());
    assertArrayEquals(new double[] {1, 0, 0}, r.data().x());
  }

  @Test
  void malformedVectorStructsAreRowErrors() {
    String part = partFiles("rawvec").get(0);
    String at = part + " row ";
    LoadResult r = load(DIRS.get("rawvec"), options(null, null, true));
    assertEquals(6, r.skippedRows());
    assertEquals(List.of(
        at + "2, column \"features\": vector type 2 is neither 0 (sparse) nor 1 (dense)",
        at + "3, column \"features\": sparse vector with a null size",
        at + "4, column \"features\": sparse vector index 3 is out of range for size 3",
        at + "5, column \"features\": sparse vector indices are not strictly ascending "
            + "(1 after 2)",
        at + "6, column \"features\": sparse vector with 2 indices but 1 values"),
        r.skippedExamples());
    assertArrayEquals(new double[] {1, 0, 2, 5, 3, 0}, r.data().x());
    fails(DIRS.get("rawvec"), LoadOptions.defaults(),
        at + "2, column \"features\": vector type 2 is neither 0 (sparse) nor 1 (dense)");
  }

  @Test
  void nullArraysAndElementsAreRowErrors() {
    String arrays = partFiles("arraynull").get(0);
    fails(arrays, LoadOptions.defaults(),
        arrays + " row 2, column \"features\": element 2 of the array is null");
    LoadResult skipped = load(arrays, options(null, null, true));
    assertEquals(2, skipped.skippedRows());
    assertEquals(arrays + " row 3, column \"features\": null", skipped.skippedExamples().get(1));
    assertArrayEquals(new double[] {1, 2}, skipped.data().x());
  }

  @Test
  void noRowsLeftIsAnError() {
    String dir = DIRS.get("allbad");
    DataException e = assertThrows(DataException.class,
        () -> load(dir, options(null, null, true)));
    assertTrue(e.getMessage().startsWith(dir + ": no data rows; all 2 rows were bad"),
        e.getMessage());
    assertTrue(e.getMessage().contains("row 1, column \"label\": null"), e.getMessage());
  }

  @Test
  void missingEmptyAndNonParquetPathsAreFileErrors() throws IOException {
    String missing = root.resolve("nope.parquet").toString();
    fails(missing, LoadOptions.defaults(), missing + ": no such file or directory");
    Path empty = Files.createDirectories(root.resolve("empty.parquet"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    fails(empty.toString(), LoadOptions.defaults(),
        empty + ": the directory holds no Parquet files");
    String text = write(root, "text.parquet", "label,features\n1,2\n");
    DataException e = assertThrows(DataException.class,
        () -> load(text, LoadOptions.defaults()));
    assertTrue(e.getMessage().startsWith(text + ": cannot read as Parquet: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    Path nested = Files.createDirectories(root.resolve("nested.parquet/label=1"));
    DataException n = assertThrows(DataException.class,
        () -> load(nested.getParent().toString(), LoadOptions.defaults()));
    assertTrue(n.getMessage().contains("\"label=1\""), n.getMessage());
  }
}
