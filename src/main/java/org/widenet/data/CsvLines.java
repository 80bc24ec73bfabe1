package org.widenet.data;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;

/**
 * Splits one line of CSV into fields with univocity-parsers (the parser behind Spark's own CSV
 * reader, so it is on every Spark classpath): fields separated by commas, a field may be quoted
 * with {@code "} and then contain commas, and {@code ""} inside quotes is one quote. Each field
 * is trimmed, inside quotes too ({@code " 1.5 "} reads as {@code 1.5}), and empty fields are
 * kept as "". Lines come from {@link java.io.BufferedReader#readLine}, so LF and CRLF line ends
 * both work, and line numbers in errors stay the file's line numbers; a quoted field therefore
 * cannot span lines (numeric data never needs it), and a quote left open at the end of the line
 * is an error. No comment character: a line starting with {@code #} is data, as before.
 *
 * <p>Not thread-safe; one instance per file being read.
 */
final class CsvLines {
  private com.univocity.parsers.csv.CsvParser parser;
  private int capacity;

  /**
   * The fields of one line.
   *
   * @param path the file, for error messages
   * @param lineNo the 1-based line number, for error messages
   * @param line the line, without its line end
   * @return the trimmed fields, at least one
   * @throws DataException naming the file and line when a quoted field is not closed on the
   *     line or a quote is followed by something other than a comma
   */
  String[] split(String path, int lineNo, String line) {
    int bound = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        bound++;
      }
    }
    if (parser == null || bound > capacity) {
      capacity = Math.max(bound, 2 * capacity);
      parser = new com.univocity.parsers.csv.CsvParser(settings(capacity));
    }
    String[] fields;
    try {
      // The '\n' ends the record; a quote still open swallows it, which is how an unterminated
      // quote is told apart from a closed one.
      fields = parser.parseLine(line + "\n");
    } catch (TextParsingException e) {
      throw new DataException(path + " line " + lineNo + ": malformed quoted field (a closing "
          + "quote must be followed by a comma or the line end; write \"\" for a quote inside "
          + "quotes)");
    }
    if (fields == null || fields.length == 0) {
      return new String[] {""};
    }
    for (int c = 0; c < fields.length; c++) {
      String f = fields[c] == null ? "" : fields[c];
      if (c == fields.length - 1 && f.indexOf('\n') >= 0) {
        throw new DataException(path + " line " + lineNo + ", field " + (c + 1)
            + ": unterminated quoted field (no closing \" before the end of the line)");
      }
      fields[c] = f.trim();
    }
    return fields;
  }

  private static CsvParserSettings settings(int maxColumns) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setQuote('"');
    s.getFormat().setQuoteEscape('"');
    s.getFormat().setComment('\0');
    s.getFormat().setLineSeparator("\n");
    s.setNullValue("");
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(true);
    s.setIgnoreTrailingWhitespaces(true);
    // Trimmed afterwards: trimming here could remove the '\n' that marks an open quote.
    s.setIgnoreLeadingWhitespacesInQuotes(false);
    s.setIgnoreTrailingWhitespacesInQuotes(false);
    s.setSkipEmptyLines(false);
    s.setMaxColumns(maxColumns);
    s.setMaxCharsPerColumn(-1);
    s.setUnescapedQuoteHandling(UnescapedQuoteHandling.RAISE_ERROR);
    return s;
  }
}
