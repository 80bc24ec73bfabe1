/**
 * What a run leaves behind for people and tools: metrics.csv (one row per iteration, flushed as
 * it goes), summary.json (settings, data shape, outcome, provenance) and the console progress
 * line. Column names and JSON keys here are contracts; add, never rename.
 */
package org.widenet.report;
