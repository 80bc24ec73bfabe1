package org.widenet.ml;

/**
 * The uid of a stage while Spark's Scala base class is constructed. Spark's shared Params
 * (featuresCol, labelCol, ...) are created in the base's constructor and take the stage's uid
 * then, before a Java subclass can set its own field; the subclass's constructor parks the uid
 * here (in an argument of its this(...) call, which runs first) and uid() reads it until the
 * field is set.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  /** Parks uid for this thread's next stage construction; returns it. */
  static String park(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("a stage needs a non-empty uid");
    }
    PENDING.set(uid);
    return uid;
  }

  /** The stage's uid: its field once set, else the parked one. */
  static String of(String field) {
    return field != null ? field : PENDING.get();
  }

  /** Forgets the parked uid once the field is set. */
  static void clear() {
    PENDING.remove();
  }
}
