package org.widenet.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.spark.serializer.SerializerInstance;
import org.widenet.model.Pass;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * What resident block tasks and the driver say to each other over Spark's RPC ({@link
 * ResidentTasks}). Shares and updates travel as bytes written by Spark's configured serializer
 * (Kryo, with widenet's registrator), as task results and broadcasts do; the messages around
 * them are plain records.
 */
final class ResidentMessages {
  /** The class tag Spark's serializer and RPC calls take for any message. */
  static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  private ResidentMessages() {}

  /** {@code value} written by {@code ser} (Spark's configured serializer), as bytes. */
  static byte[] toBytes(SerializerInstance ser, Object value) {
    ByteBuffer b = ser.serialize(value, ANY);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** What {@link #toBytes} wrote. */
  @SuppressWarnings("unchecked")
  static <T> T fromBytes(SerializerInstance ser, byte[] bytes) {
    return (T) ser.deserialize(ByteBuffer.wrap(bytes), ANY);
  }

  /**
   * A task asks for its next command. {@code share} answers command {@code answered}; a task's
   * first poll answers nothing ({@code answered} -1, {@code share} null).
   *
   * @param tooLarge the share was computed but is larger than one RPC message may carry
   */
  record Poll(int blockId, long answered, byte[] share, boolean tooLarge)
      implements Serializable {}

  /**
   * Advance to version {@code to} with {@code update} (serialized; null for none) and return
   * the share of {@code pass}: what one job of the engine asks of every block.
   */
  record Command(long seq, int to, byte[] update, Pass pass) implements Serializable {}

  /** The driver's answer when the resident tasks are to end: the task returns. */
  record Stop(String reason) implements Serializable {}
}
