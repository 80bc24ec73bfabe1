package org.widenet.spark;

import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.RpcUtils;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.spark.ResidentMessages.Command;
import org.widenet.spark.ResidentMessages.Poll;
import org.widenet.spark.ResidentMessages.Stop;

/**
 * The executor's end of {@link ResidentTasks}: the loop one resident task runs on its cached
 * block, polling the driver's {@link ResidentEndpoint} for the next step.
 */
final class ResidentTask {
  /** Room left in an RPC message for everything besides the share. */
  private static final int MESSAGE_SLACK = 64 * 1024;

  private ResidentTask() {}

  /**
   * A resident task: takes commands for its block until told to stop. Runs on the executor
   * that caches the block.
   *
   * @param maxGramShare the largest share of a Gram pass to send, in bytes; a larger one (or
   *     any share over one RPC message) is reported as too large instead
   */
  static void serve(Iterator<BlockHolder> it, String name, Family family,
      Broadcast<Inputs> inputs, long maxGramShare) {
    BlockHolder holder = it.next();
    if (it.hasNext()) {
      throw new IllegalStateException("a partition of the neuron blocks holds more than one "
          + "block");
    }
    SparkEnv env = SparkEnv.get();
    RpcEndpointRef driver = RpcUtils.makeDriverRef(name, env.conf(), env.rpcEnv());
    SerializerInstance ser = env.serializer().newInstance();
    int max = RpcUtils.maxMessageSizeBytes(env.conf()) - MESSAGE_SLACK;
    TaskContext task = TaskContext.get();
    long answered = -1;
    byte[] share = null;
    boolean tooLarge = false;
    while (true) {
      Object reply = driver.askSync(new Poll(holder.blockId(), answered, share, tooLarge),
          RpcUtils.INFINITE_TIMEOUT(), ResidentMessages.ANY);
      if (reply instanceof Stop) {
        return;
      }
      // A cancelled job's task stops before it steps its block again.
      task.killTaskIfInterrupted();
      Command c = (Command) reply;
      Update update = c.update() == null ? null
          : ResidentMessages.fromBytes(ser, c.update());
      Share s = holder.advance(c.to(), update, family, inputs.value(), c.pass());
      byte[] bytes = ResidentMessages.toBytes(ser, s);
      tooLarge = bytes.length > (c.pass().withGram() ? Math.min(max, maxGramShare) : max);
      share = tooLarge ? null : bytes;
      answered = c.seq();
    }
  }
}
