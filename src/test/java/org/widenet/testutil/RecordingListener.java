package org.widenet.testutil;

import java.util.ArrayList;
import java.util.List;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/** Keeps every iteration record, for assertions on the whole trajectory. */
public final class RecordingListener implements TrainingListener {
  public final List<IterationRecord> records = new ArrayList<>();
  public double eta = Double.NaN;

  @Override
  public void onIteration(IterationRecord record) {
    records.add(record);
  }

  @Override
  public void onLearningRate(double eta, boolean automatic) {
    this.eta = eta;
  }

  public double[] losses() {
    return records.stream().mapToDouble(IterationRecord::loss).toArray();
  }
}
