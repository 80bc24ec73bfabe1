/**
 * The command line: {@code scripts/widenet <command> [options]} on embedded Spark, or the same
 * main class under spark-submit. It parses and validates every option and the data before
 * Spark starts, so bad input costs one clear line and no cluster time. No linear algebra here.
 */
package org.widenet.cli;
