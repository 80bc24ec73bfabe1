package org.widenet.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file, or a directory of part files as Spark writes them, on the driver with
 * parquet-hadoop alone (no Spark session); see {@link DataLoader#load(String, DataFormat,
 * LoadOptions)}.
 *
 * <p>The label column must be a number: double, float, or a signed integer of any width. The
 * features column is either a Spark ML vector, which Spark stores as
 * {@code struct<type: tinyint, size: int, indices: array<int>, values: array<double>>} with
 * type 0 for sparse and 1 for dense vectors, or an array of numbers. Only these two columns are
 * read. Row numbers in messages are 1-based within the part file that the message names.
 */
final class ParquetParser {
  private ParquetParser() {}

  /** One file to read and the name it has in messages. */
  private record Part(Path path, String name) {}

  /** One good row: the label and its features, dense (indices null) or sparse (0-based). */
  private record Row(double y, int[] idx, double[] val) {}

  static LoadResult parse(String path, LoadOptions options) {
    if (options.featureColumns() != null) {
      throw new IllegalArgumentException("feature columns apply to CSV data only; Parquet "
          + "features come from one vector column (featuresColumn)");
    }
    if (options.labelColumn().equals(options.featuresColumn())) {
      throw new IllegalArgumentException("the label column and the features column are both \""
          + options.labelColumn() + "\"");
    }
    Configuration conf = new Configuration();
    Reader reader = new Reader(options, conf);
    for (Part part : parts(path, conf)) {
      reader.read(part);
    }
    return reader.finish(path);
  }

  /**
   * Reads one vector (or array) column alone, as the features of a dataset whose targets are
   * all 0: how {@link MultiLabelLoader} reads a Parquet label vector column and the features
   * column in two passes. Bad rows always stop the load, so the passes keep the same rows.
   */
  static LoadResult parseVectorColumn(String path, String column) {
    Configuration conf = new Configuration();
    Reader reader = new Reader(null, column, conf);
    for (Part part : parts(path, conf)) {
      reader.read(part);
    }
    return reader.finish(path);
  }

  /** The file itself, or the visible files of the directory in name order. */
  private static List<Part> parts(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new DataException(path + ": no such file or directory");
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        return List.of(new Part(p, path));
      }
      FileStatus[] listed = fs.listStatus(p);
      Arrays.sort(listed, Comparator.comparing(s -> s.getPath().getName()));
      String prefix = path.endsWith("/") ? path : path + "/";
      List<Part> parts = new ArrayList<>();
      for (FileStatus s : listed) {
        String name = s.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (s.isDirectory()) {
          throw new DataException(path + ": contains the directory \"" + name + "\"; give a "
              + "file or a directory of Parquet part files (partitioned tables are not read)");
        }
        parts.add(new Part(s.getPath(), prefix + name));
      }
      if (parts.isEmpty()) {
        throw new DataException(path + ": the directory holds no Parquet files");
      }
      return parts;
    } catch (DataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DataException(path + ": cannot open: " + DataLoader.oneLine(e));
    }
  }

  /** Reads the rows of every part into one dataset. */
  private static final class Reader {
    private final String label;
    private final String features;
    private final Configuration conf;
    private final BadRows bad;
    private final List<Row> rows = new ArrayList<>();
    /** The number of features: the size of the first good row, -1 before it. */
    private int d = -1;
    private String firstFile;
    private long firstRow;

    Reader(LoadOptions options, Configuration conf) {
      this.label = options.labelColumn();
      this.features = options.featuresColumn();
      this.conf = conf;
      this.bad = new BadRows(options.skipBadRows());
    }

    /** A reader of the features column alone (label null: every target is 0). */
    Reader(String label, String features, Configuration conf) {
      this.label = label;
      this.features = features;
      this.conf = conf;
      this.bad = new BadRows(false);
    }

    void read(Part part) {
      String file = part.name();
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(part.path(), conf))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        Type labelType = label == null ? null : ParquetColumns.column(schema, label, file);
        if (labelType != null && !ParquetColumns.isNumber(labelType)) {
          throw new DataException(file + ", column \"" + label + "\": type "
              + ParquetColumns.describe(labelType) + " is not a number (expected double, float, int or long)");
        }
        Type featureType = ParquetColumns.column(schema, features, file);
        ParquetColumns.FeatureShape shape = ParquetColumns.featureShape(featureType);
        if (shape == null) {
          throw new DataException(file + ", column \"" + features + "\": type "
              + ParquetColumns.describe(featureType) + " is neither a Spark ML vector (struct<type, size, "
              + "indices, values>) nor an array of numbers");
        }
        MessageType requested = labelType == null
            ? new MessageType(schema.getName(), featureType)
            : new MessageType(schema.getName(), labelType, featureType);
        reader.setRequestedSchema(requested);
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(requested, schema);
        PrimitiveType labelPrimitive = labelType == null ? null : labelType.asPrimitiveType();
        long rowNo = 0;
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
          RecordReader<Group> records =
              io.getRecordReader(pages, new GroupRecordConverter(requested));
          for (long k = 0, count = pages.getRowCount(); k < count; k++) {
            Group g = records.read();
            rowNo++;
            try {
              rows.add(row(g, file, rowNo, labelPrimitive, shape));
            } catch (DataException e) {
              bad.reject(e);
            }
          }
        }
      } catch (DataException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new DataException(file + ": cannot read as Parquet: " + DataLoader.oneLine(e));
      }
    }

    /** Reads one record (label at field 0, features at field 1) or throws naming it. */
    private Row row(Group g, String file, long rowNo, PrimitiveType labelType,
        ParquetColumns.FeatureShape shape) {
      String at = file + " row " + rowNo + ", column \"";
      String labelAt = at + label + "\"";
      // Without a label column (parseVectorColumn) the features are field 0.
      int f = labelType == null ? 0 : 1;
      double y = 0.0;
      if (labelType != null) {
        if (g.getFieldRepetitionCount(0) == 0) {
          throw new DataException(labelAt + ": null");
        }
        y = ParquetColumns.number(g, 0, 0, labelType);
        if (!Double.isFinite(y)) {
          throw new DataException(labelAt + ": not a finite number: " + y);
        }
      }
      String featAt = at + features + "\"";
      int[] idx = null;
      double[] val;
      int size;
      if (shape.isVector()) {
        if (g.getFieldRepetitionCount(f) == 0) {
          throw new DataException(featAt + ": null");
        }
        Group v = g.getGroup(f, 0);
        if (v.getFieldRepetitionCount(shape.type()) == 0) {
          throw new DataException(featAt + ": the vector's type is null");
        }
        int type = v.getInteger(shape.type(), 0);
        val = ParquetColumns.list(v, shape.values(), shape.valueList(), featAt, "values");
        if (type == 1) {
          if (val == null) {
            throw new DataException(featAt + ": dense vector with null values");
          }
          size = val.length;
        } else if (type == 0) {
          if (v.getFieldRepetitionCount(shape.size()) == 0) {
            throw new DataException(featAt + ": sparse vector with a null size");
          }
          size = v.getInteger(shape.size(), 0);
          double[] indices = ParquetColumns.list(v, shape.indices(), shape.indexList(), featAt, "indices");
          if (indices == null || val == null) {
            throw new DataException(featAt + ": sparse vector with null "
                + (indices == null ? "indices" : "values"));
          }
          if (indices.length != val.length) {
            throw new DataException(featAt + ": sparse vector with " + indices.length
                + " indices but " + val.length + " values");
          }
          idx = sparseIndices(indices, size, featAt);
        } else {
          throw new DataException(featAt + ": vector type " + type
              + " is neither 0 (sparse) nor 1 (dense)");
        }
      } else {
        val = ParquetColumns.list(g, f, shape.list(), featAt, "the array");
        if (val == null) {
          throw new DataException(featAt + ": null");
        }
        size = val.length;
      }
      if (d < 0) {
        d = size;
        firstFile = file;
        firstRow = rowNo;
      } else if (size != d) {
        throw new DataException(featAt + ": " + (shape.isVector() ? "vector" : "array")
            + " of size " + size + ", expected " + d + " (the size in "
            + (firstFile.equals(file) ? "" : firstFile + " ") + "row " + firstRow + ")");
      }
      for (int k = 0; k < val.length; k++) {
        if (!Double.isFinite(val[k])) {
          int feature = (idx == null ? k : idx[k]) + 1;
          throw new DataException(featAt + ", feature " + feature + ": not a finite number: "
              + val[k]);
        }
      }
      return new Row(y, idx, val);
    }

    LoadResult finish(String path) {
      int n = rows.size();
      if (n == 0) {
        throw bad.noRows(path);
      }
      if (d == 0) {
        throw new DataException(path + ": no features (the column \"" + features
            + "\" holds vectors of size 0)");
      }
      DataLoader.checkSize(path, n, d);
      double[] x = new double[n * d];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        y[i] = r.y();
        double[] val = r.val();
        int[] idx = r.idx();
        for (int k = 0; k < val.length; k++) {
          x[i + (idx == null ? k : idx[k]) * n] = val[k];
        }
      }
      return bad.result(new Dataset(path, n, d, x, y));
    }
  }

  /** Checks that sparse indices are strictly ascending in [0, size); returns them as ints. */
  private static int[] sparseIndices(double[] indices, int size, String at) {
    if (size < 0) {
      throw new DataException(at + ": sparse vector with negative size " + size);
    }
    int[] idx = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      double t = indices[k];
      if (t < 0 || t >= size) {
        throw new DataException(at + ": sparse vector index " + (long) t
            + " is out of range for size " + size);
      }
      idx[k] = (int) t;
      if (k > 0 && idx[k] <= idx[k - 1]) {
        throw new DataException(at + ": sparse vector indices are not strictly ascending ("
            + idx[k] + " after " + idx[k - 1] + ")");
      }
    }
    return idx;
  }
}
