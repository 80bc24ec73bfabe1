package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.widenet.model.NumericalFaultException;

/** A numerical fault thrown in a task comes back to the driver with the task's message. */
class TaskFailuresTest {
  private static final String FAULT = "numerical overflow in neuron block 1, neuron 3, data "
      + "row 3 (counting from 0) at initialization: w_r . x_i = 800.000";

  @Test
  void theFaultInTheCauseChainIsRethrownWithItsMessage() {
    SparkException failure = new SparkException("Job aborted due to stage failure",
        new RuntimeException("wrapper", new NumericalFaultException(FAULT)));
    NumericalFaultException fault = TaskFailures.numericalFault(failure);
    assertEquals(FAULT, fault.getMessage());
    assertSame(failure, fault.getCause());
  }

  @Test
  void withoutACauseTheMessageIsReadFromSparksReport() {
    // The shape of Spark's report: the task's exception, then its stack trace on later lines.
    SparkException failure = new SparkException("Job aborted due to stage failure: Task 1 in "
        + "stage 3.0 failed 1 times, most recent failure: Lost task 1.0 in stage 3.0 (TID 7) "
        + "(127.0.0.1 executor driver): org.widenet.model.NumericalFaultException: " + FAULT
        + "\n\tat org.widenet.model.NumericalFaults.fault(NumericalFaults.java:150)\n"
        + "\nDriver stacktrace:\n\tat org.apache.spark.scheduler.DAGScheduler.failJob");
    assertEquals(FAULT, TaskFailures.numericalFault(failure).getMessage());
  }

  @Test
  void otherFailuresPassThroughUnchanged() {
    assertNull(TaskFailures.numericalFault(new SparkException("Job aborted: Task not "
        + "serializable")));
    IllegalStateException other = new IllegalStateException("boom");
    assertSame(other, assertThrows(IllegalStateException.class,
        () -> TaskFailures.surfacingNumericalFaults(() -> {
          throw other;
        })));
    assertEquals(FAULT, assertThrows(NumericalFaultException.class,
        () -> TaskFailures.surfacingNumericalFaults(() -> {
          throw new IllegalStateException("task failed", new NumericalFaultException(FAULT));
        })).getMessage());
  }
}
