/**
 * Loading, validating and generating the training data of widenet.
 *
 * <p>Training sets are small (a few thousand rows), so everything in this package runs on the
 * driver and holds the data in plain arrays; there is no Spark RDD or SQL code here. A
 * {@link org.widenet.data.Dataset} is an immutable n-by-d feature matrix stored column-major
 * (feature {@code j} of row {@code i} is at {@code x[i + j * n]}) together with the targets and a
 * description of where it came from.
 *
 * <p>{@link org.widenet.data.DataLoader} reads CSV or LIBSVM text files through Hadoop's
 * {@code FileSystem} API, so local paths, {@code file://} and {@code hdfs://} URIs all work, and a
 * name ending in {@code .gz} is decompressed on the fly. It also reads Parquet, a file or a
 * directory of part files as Spark writes them, through parquet-hadoop without a Spark session:
 * a numeric label column and a features column holding a Spark ML vector or an array.
 * {@link org.widenet.data.LoadOptions} chooses the columns and whether bad rows are skipped;
 * {@link org.widenet.data.LoadResult} counts the skipped rows.
 * {@link org.widenet.data.SyntheticSpec} parses specs such as
 * {@code sphere:n=200,d=10,target=linear,seed=7} and generates points uniform on the unit
 * sphere with the learnable targets of Arora et al. (2019), Section 6, deterministically from
 * the seed. {@link org.widenet.data.IdxFile} reads the IDX format of
 * MNIST and Fashion-MNIST, and {@link org.widenet.data.ImageClassData} turns two of its classes
 * into a +-1 binary problem with unit-norm rows, as Arora et al. (2019) Appendix A does;
 * {@link org.widenet.data.LabelNoise} replaces a seeded fraction of labels by uniform +-1 for
 * the random-label experiments.
 *
 * <p>Every problem with the input is reported as a {@link org.widenet.data.DataException} whose
 * message is a single line naming the file, the line and the column (or LIBSVM feature index),
 * for example {@code data.csv line 7, column "x3": not a finite number: "NaN"}; for Parquet the
 * part file, the 1-based row in it and the column.
 */
package org.widenet.data;
