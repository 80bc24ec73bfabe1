package org.widenet.smooth;

/** Receives each logged row of a smooth2 run as soon as it is known. */
@FunctionalInterface
public interface SmoothListener {
  /** Called in order: iteration 0 first. An exception stops training. */
  void onRecord(SmoothRecord record);
}
