package org.widenet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a training set from a CSV or LIBSVM text file, or from Parquet, on the driver.
 *
 * <p>Paths are opened through Hadoop's {@code FileSystem} API, so a plain local path, a
 * {@code file://} URI and an {@code hdfs://} URI all work. Text is read as UTF-8; a leading byte
 * order mark is ignored. Every problem is reported as a one-line {@link DataException} that names
 * the path as it was given, the 1-based line number in the file and the column (CSV) or the
 * 1-based feature index (LIBSVM); for Parquet, the part file, the 1-based row in it and the
 * column. Bad rows can be skipped and counted instead; see
 * {@link #load(String, DataFormat, LoadOptions)}.
 */
public final class DataLoader {
  /** Largest number of matrix entries held in one Java array. */
  static final long MAX_ENTRIES = Integer.MAX_VALUE - 8L;

  private DataLoader() {}

  /**
   * Loads path (local path or Hadoop URI; a name ending in .gz is gunzipped), stopping at the
   * first bad row. The same as {@link #load(String, DataFormat, LoadOptions)} with
   * {@code new LoadOptions(labelColumn, null, null, false)}.
   *
   * <p>CSV: the first non-blank line is a header; {@code labelColumn} names the target (callers
   * normally pass {@code "label"}; null means {@code "label"}); every other column is a feature, in
   * header order. Fields are comma-separated with surrounding whitespace trimmed (and one pair of
   * surrounding double quotes removed); blank lines are skipped but still counted for line
   * numbers, the header being line 1. Every data line must have as many fields as the header, and
   * every field must be a finite decimal number.
   *
   * <p>LIBSVM: {@code label idx:val idx:val ...} with 1-based, strictly ascending indices;
   * {@code '#'} starts a comment. d is the largest index seen and missing entries are 0.
   * {@code labelColumn} is ignored.
   *
   * <p>Parquet: {@code labelColumn} names the numeric target column and the column
   * {@code features} holds the features; see {@link #load(String, DataFormat, LoadOptions)}.
   *
   * @param path local path or Hadoop URI
   * @param format the file format
   * @param labelColumn CSV or Parquet name of the target column
   * @return the dataset, with {@code path} as its source
   * @throws DataException if the file is missing or unreadable, has no data rows, or any field
   *     is malformed; the message names the path, line and column or index
   */
  public static Dataset load(String path, DataFormat format, String labelColumn) {
    return load(path, format, LoadOptions.label(labelColumn)).data();
  }

  /**
   * Loads path (local path or Hadoop URI) with the given options.
   *
   * <p>CSV and LIBSVM are read as described at {@link #load(String, DataFormat, String)}
   * (a name ending in .gz is gunzipped). With {@link LoadOptions#featureColumns()} a CSV file's
   * features are exactly those columns, in that order; the header's other columns are ignored
   * and never parsed.
   *
   * <p>Parquet: path is one Parquet file or a directory of part files as Spark writes them; the
   * directory's files whose names start with {@code _} or {@code .} are skipped and the others
   * read in name order. It is read without Spark, through parquet-hadoop. The label column must
   * hold numbers (double, float, int or long) and {@link LoadOptions#featuresColumn()} a Spark
   * ML vector (stored by Spark as {@code struct<type, size, indices, values>}, type 0 sparse and
   * 1 dense) or an array of numbers; every row's vector must have the size of the first row's.
   * Messages name the part file, the 1-based row in it and the column.
   *
   * <p>Row-level problems (a CSV line with the wrong number of fields, a value that is not a
   * finite number, a bad LIBSVM token or index, a null or malformed Parquet value or a vector of
   * another size) stop the load unless {@link LoadOptions#skipBadRows()}; then the row is
   * left out and counted in the result, with the messages of the first
   * {@link LoadResult#MAX_EXAMPLES}. Problems with the file itself (missing, empty, a bad header,
   * an unknown or mistyped column, no rows left) always stop it.
   *
   * @param path local path or Hadoop URI
   * @param format the file format
   * @param options the columns to read and what a bad row does
   * @return the dataset, with {@code path} as its source, and the skipped rows
   * @throws DataException if the file is missing or unreadable, has no good data rows, or (not
   *     skipping bad rows) any row is malformed; the message names the path, line or row and
   *     the column or index
   * @throws IllegalArgumentException if feature columns are given for LIBSVM or Parquet data
   */
  public static LoadResult load(String path, DataFormat format, LoadOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(options, "options");
    if (format == DataFormat.PARQUET) {
      return ParquetParser.parse(path, options);
    }
    if (format == DataFormat.LIBSVM && options.featureColumns() != null) {
      throw new IllegalArgumentException("feature columns apply to CSV data only, not LIBSVM");
    }
    try (BufferedReader in = open(path)) {
      return format == DataFormat.CSV
          ? CsvParser.parse(in, path, options)
          : LibsvmParser.parse(in, path, options.skipBadRows());
    } catch (IOException e) {
      throw new DataException(path + ": cannot read: " + oneLine(e));
    }
  }

  private static BufferedReader open(String path) throws IOException {
    return new BufferedReader(
        new InputStreamReader(openStream(path), StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Opens path (local path or Hadoop URI) as a byte stream, gunzipped when the name ends in .gz.
   *
   * @throws DataException if the file is missing, is a directory or cannot be opened
   * @throws IOException if reading the gzip header fails
   */
  static InputStream openStream(String path) throws IOException {
    InputStream raw;
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(new Configuration());
      if (!fs.exists(p)) {
        throw new DataException(path + ": no such file");
      }
      FileStatus status = fs.getFileStatus(p);
      if (status.isDirectory()) {
        throw new DataException(path + ": is a directory, not a file");
      }
      raw = fs.open(p);
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      // Hadoop reports bad URIs and unknown hosts as unchecked exceptions.
      throw new DataException(path + ": cannot open: " + oneLine(e));
    }
    try {
      return path.toLowerCase(Locale.ROOT).endsWith(".gz")
          ? new GZIPInputStream(raw, 1 << 16)
          : raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Removes a UTF-8 byte order mark from the first line of a file. */
  static String stripBom(String line) {
    return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }

  /** Throws if an n-by-d dense matrix would not fit in one array. */
  static void checkSize(String path, int n, long d) {
    if (n * d > MAX_ENTRIES) {
      throw new DataException(path + ": " + n + " rows x " + d
          + " features is too large for a dense in-memory matrix");
    }
  }

  /** The message of e on one line, or its class name when it has none. */
  static String oneLine(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
