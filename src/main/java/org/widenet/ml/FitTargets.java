package org.widenet.ml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.widenet.data.LabelRange;
import org.widenet.model.ModelMetadata;
import org.widenet.report.Provenance;

/**
 * The targets a fit trains on, shared by the families trained on squared loss against
 * targets in [-1, 1] (relu2, exp2, smooth2, deep-last): a regressor's labels (divided by
 * max |label| with scaleLabels, else required in [-1, 1]), a binary classifier's +-1 targets
 * in the labels' encoding (0/1 or -1/+1), or a multi-class smooth2 classifier's one-vs-all
 * +-1 targets; the same for the rows held out by validationIndicatorCol.
 *
 * @param y the training targets (n x k column-major for k outputs)
 * @param heldOut the held-out rows' targets, or null without held-out rows
 * @param labelScale what a regressor's labels were divided by (1 otherwise)
 */
record FitTargets(double[] y, double[] heldOut, double labelScale, LabelEncoding encoding) {

  /**
   * A multi-class classifier's one-vs-all targets (smooth2's k outputs): n x k, +1 for the
   * row's class and -1 for the others ({@link ClassLabels#oneVsAll}); k from the label column
   * ({@link ClassLabels#numClasses(org.apache.spark.sql.types.StructField, FrameData)}).
   */
  static FitTargets oneVsAll(org.apache.spark.sql.types.StructField label, FrameData data) {
    int k = ClassLabels.numClasses(label, data);
    FrameData held = data.validation;
    return new FitTargets(ClassLabels.oneVsAll(data.labels, k),
        held == null ? null : ClassLabels.oneVsAll(held.labels, k), 1.0,
        LabelEncoding.IDENTITY);
  }

  /** The outputs per row these targets are for (k: y is n x k column-major). */
  int outputs(int n) {
    return y.length / n;
  }

  static FitTargets of(WideNetParams p, FrameData data, boolean classifier) {
    FrameData held = data.validation;
    if (!classifier) {
      if (!p.getScaleLabels()) {
        data.requireUnitLabels(p.getLabelCol());
        return new FitTargets(data.labels, held == null ? null : held.labels, 1.0,
            LabelEncoding.IDENTITY);
      }
      double scale = LabelRange.scaleFactor(data.labels);
      return new FitTargets(LabelRange.divided(data.labels, scale),
          held == null ? null : LabelRange.divided(held.labels, scale), scale,
          LabelEncoding.IDENTITY);
    }
    LabelEncoding encoding = LabelEncoding.ZERO_ONE;
    for (double v : data.labels) {
      if (v == -1.0) {
        encoding = LabelEncoding.PLUS_MINUS_ONE;
      }
    }
    return new FitTargets(targets(encoding, data, p.getLabelCol()),
        held == null ? null : targets(encoding, held, p.getLabelCol()), 1.0, encoding);
  }

  /**
   * A fit's provenance as it starts: versions, BLAS, host ({@link Provenance#describe}), n, d,
   * the seed, the label scale (when not 1) and started_at.
   */
  Map<String, Object> provenance(FrameData data, long seed) {
    Map<String, Object> provenance = new LinkedHashMap<>();
    Provenance.describe(provenance);
    provenance.put("n", data.n);
    provenance.put("d", data.d);
    provenance.put("seed", seed);
    if (labelScale != 1.0) {
      provenance.put(ModelMetadata.LABEL_SCALE, labelScale);
    }
    provenance.put("started_at", Instant.now().toString());
    return provenance;
  }

  /** The +-1 targets of binary labels in an encoding (errors name the row). */
  private static double[] targets(LabelEncoding encoding, FrameData rows, String column) {
    double[] y = new double[rows.n];
    for (int i = 0; i < rows.n; i++) {
      y[i] = encoding.target(rows.labels[i], rows.rowNumber(i), column);
    }
    return y;
  }
}
