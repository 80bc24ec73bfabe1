package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/** Multi-output data for softmax2: CSV label columns, Parquet label vectors, the unit ball. */
class MultiLabelLoaderTest {
  @TempDir Path dir;

  private static final String CSV = "a,y1,b,y2,c\n"
      + "0.5,0.6,0,0.8,-2\n"
      + "0,-0.1,0,0.2,0.25\n"
      + "1,0,2,0,3\n";

  @Test
  void csvLabelColumnsInOrderAndTheRestAsFeatures() {
    String path = TestFiles.write(dir, "m.csv", CSV);
    MultiLabelData data = MultiLabelLoader.csv(path, List.of("y2", "y1"), null);
    assertEquals(3, data.n());
    assertEquals(3, data.d());
    assertEquals(2, data.k());
    assertArrayEquals(new double[] {0.8, 0.2, 0, 0.6, -0.1, 0}, data.y());
    assertArrayEquals(new double[] {0.5, 0, 1, 0, 0, 2, -2, 0.25, 3}, data.x());
    MultiLabelData picked = MultiLabelLoader.csv(path, List.of("y1"), List.of("c", "a"));
    assertEquals(2, picked.d());
    assertArrayEquals(new double[] {-2, 0.25, 3, 0.5, 0, 1}, picked.x());
    data.requireInsideUnitBall("--scale-labels");
  }

  @Test
  void csvProblemsNameFileLineAndColumn() {
    String path = TestFiles.write(dir, "bad.csv", "a,y1,y2\n1,0.5,x\n");
    DataException e = assertThrows(DataException.class,
        () -> MultiLabelLoader.csv(path, List.of("y1", "y2"), null));
    assertTrue(e.getMessage().contains(path + " line 2, column \"y2\""), e.getMessage());
    String ok = TestFiles.write(dir, "ok.csv", CSV);
    DataException missing = assertThrows(DataException.class,
        () -> MultiLabelLoader.csv(ok, List.of("y1", "y3"), null));
    assertTrue(missing.getMessage().contains("label column \"y3\" not found"),
        missing.getMessage());
  }

  @Test
  void labelRowsOutsideTheUnitBallAreRefusedOrScaled() {
    String path = TestFiles.write(dir, "big.csv", "a,y1,y2\n1,0.6,0.8\n2,1.2,1.6\n");
    MultiLabelData data = MultiLabelLoader.csv(path, List.of("y1", "y2"), null);
    DataException e = assertThrows(DataException.class,
        () -> data.requireInsideUnitBall("--scale-labels"));
    assertTrue(e.getMessage().startsWith(path + " row 2: "), e.getMessage());
    assertTrue(e.getMessage().contains("norm 2.0") && e.getMessage().contains("--scale-labels"),
        e.getMessage());
    assertEquals(2.0, data.labelScale(), 1e-15);
    MultiLabelData scaled = data.labelsDividedBy(data.labelScale());
    scaled.requireInsideUnitBall("--scale-labels");
    assertEquals(1.0, scaled.labelNorm(1), 1e-15);
  }

  @Test
  void parquetLabelVectorColumnAndNumberColumn() {
    String path = dir.resolve("m.parquet").toString();
    SparkSession spark = SparkFixture.start();
    try {
      StructType schema = new StructType().add("features", new VectorUDT())
          .add("target", new VectorUDT()).add("scalar", DataTypes.DoubleType);
      spark.createDataFrame(Arrays.asList(
          RowFactory.create(Vectors.dense(1, 2, 3), Vectors.dense(0.1, 0.2), 0.5),
          RowFactory.create(Vectors.dense(4, 5, 6), Vectors.sparse(2, new int[] {1},
              new double[] {-0.3}), -0.5)), schema).coalesce(1).write().parquet(path);
    } finally {
      spark.stop();
    }
    MultiLabelData data = MultiLabelLoader.parquet(path, "target", "features");
    assertEquals(2, data.k());
    assertEquals(3, data.d());
    assertArrayEquals(new double[] {0.1, 0, 0.2, -0.3}, data.y());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, data.x());
    assertEquals(List.of("target[0]", "target[1]"), data.labelNames());
    MultiLabelData single = MultiLabelLoader.parquet(path, "scalar", "features");
    assertEquals(1, single.k());
    assertArrayEquals(new double[] {0.5, -0.5}, single.y());
  }
}
