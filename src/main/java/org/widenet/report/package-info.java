/**
 * What a run leaves behind for people and tools: metrics.csv (one row per iteration, flushed as
 * it goes), summary.json (settings, data shape, outcome, provenance) and the console progress
 * line. Column names and JSON keys here are contracts; add, never rename. {@link
 * org.widenet.report.RunReport} reads them back into report.html with figures (widenet report);
 * {@link org.widenet.report.Charts} and {@link org.widenet.report.HtmlReport} draw every
 * report's figures with the same conventions (see {@link org.widenet.report.Series}).
 */
package org.widenet.report;
