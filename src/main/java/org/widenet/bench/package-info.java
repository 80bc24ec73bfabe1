/**
 * {@code widenet bench}: times the training step on standard shapes and sets every rate next to
 * the rate of the bare BLAS calls the step makes, measured in the same run on the same shapes.
 *
 * <p>A suite is a list of {@link org.widenet.bench.BenchCase} records; {@link
 * org.widenet.bench.CaseRunner} runs one on a fresh engine (Spark or local), splitting each
 * iteration into executor kernels (timed inside the block step through {@link
 * org.widenet.model.StepTimer}), driver linear algebra and engine overhead; {@link
 * org.widenet.bench.BlasProbe} measures the reference rates; {@link
 * org.widenet.bench.BenchReport} writes bench.csv, bench.json and the console table.
 */
package org.widenet.bench;
