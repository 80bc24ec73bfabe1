package org.widenet.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Builds one self-contained HTML report: inline CSS, charts embedded as
 * {@code data:image/png;base64} images, and no reference to any other file or URL, so it reads
 * offline and can be mailed or archived as a single file. The one exception is opt-in:
 * {@link #figure(byte[], String, String, List)} may add links to files beside the report (e.g.
 * the same figure as SVG), which only work while those files are kept with it; the embedded
 * image does not need them. Every text given is HTML-escaped.
 * Methods return {@code this} for chaining; charts are rendered when added.
 */
public final class HtmlReport {
  /** Pixel width of the embedded chart images. */
  public static final int CHART_WIDTH = 900;
  /** Pixel height of the embedded chart images. */
  public static final int CHART_HEIGHT = 520;

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;",
      "max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}",
      "h1{font-size:1.6em;border-bottom:1px solid #ccc;padding-bottom:.3em}",
      "h2{font-size:1.25em;margin-top:1.6em}",
      "figure{margin:1.2em 0}",
      "figure img{max-width:100%;height:auto;border:1px solid #ddd}",
      "figcaption{font-size:.9em;color:#555;margin-top:.3em}",
      "table{border-collapse:collapse;margin:1em 0;font-size:.9em}",
      "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}",
      "th{background:#f3f3f3}",
      "tr:nth-child(even) td{background:#fafafa}",
      "tr.highlight td{background:#fff4cc;font-weight:600}",
      "figcaption a{margin-left:.6em}",
      "pre{background:#f6f6f6;border:1px solid #ddd;padding:.6em;overflow-x:auto;"
          + "white-space:pre-wrap}");

  private final String title;
  private final StringBuilder body = new StringBuilder();

  /**
   * Starts a report; the title is the page title and its top heading.
   *
   * @param title the report title
   */
  public HtmlReport(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /**
   * Adds a paragraph of text.
   *
   * @param text the text, escaped
   * @return this report
   */
  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * Adds a section heading ({@code <h2>}).
   *
   * @param text the heading, escaped
   * @return this report
   */
  public HtmlReport heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /**
   * Renders a chart at {@value #CHART_WIDTH}x{@value #CHART_HEIGHT} pixels and embeds it as a
   * figure whose alt text is the chart title.
   *
   * @param chart the chart
   * @param caption the figure caption, escaped; empty for none
   * @return this report
   * @throws IllegalArgumentException if the chart cannot be rendered (see {@link Charts#png})
   */
  public HtmlReport chart(LineChart chart, String caption) {
    return figure(Charts.png(chart, CHART_WIDTH, CHART_HEIGHT), chart.title(), caption);
  }

  /**
   * Renders a scatter chart at {@value #CHART_WIDTH}x{@value #CHART_HEIGHT} pixels and embeds
   * it as a figure whose alt text is the chart title.
   *
   * @param chart the chart
   * @param caption the figure caption, escaped; empty for none
   * @return this report
   * @throws IllegalArgumentException if the chart cannot be rendered (see
   *     {@link ScatterChart#png})
   */
  public HtmlReport chart(ScatterChart chart, String caption) {
    return figure(chart.png(CHART_WIDTH, CHART_HEIGHT), chart.title(), caption);
  }

  private HtmlReport figure(byte[] png, String title, String caption) {
    return figure(png, title, caption, List.of());
  }

  /**
   * Embeds a rendered PNG (e.g. from {@link Charts#png}) as a figure, with links after the
   * caption to files beside the report, such as the same figure as PNG and SVG.
   *
   * @param png the PNG bytes, {@value #CHART_WIDTH}x{@value #CHART_HEIGHT} pixels or scaled
   *     to that size
   * @param title the alt text, escaped
   * @param caption the figure caption, escaped; empty for none
   * @param files paths relative to the report's directory, each linked under its file name;
   *     empty for none
   * @return this report
   */
  public HtmlReport figure(byte[] png, String title, String caption, List<String> files) {
    body.append("<figure><img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png))
        .append("\" alt=\"").append(escape(title))
        .append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT)
        .append("\">");
    if ((caption != null && !caption.isEmpty()) || !files.isEmpty()) {
      body.append("<figcaption>").append(escape(caption));
      for (String f : files) {
        String name = f.substring(f.lastIndexOf('/') + 1);
        body.append("<a href=\"").append(escape(f)).append("\">").append(escape(name))
            .append("</a>");
      }
      body.append("</figcaption>");
    }
    body.append("</figure>\n");
    return this;
  }

  /**
   * Adds a table. Null cells print as empty.
   *
   * @param header the column names, escaped
   * @param rows the rows, each with as many cells as the header, escaped
   * @return this report
   * @throws IllegalArgumentException if a row's length differs from the header's
   */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    return table(header, rows, java.util.Set.of());
  }

  /**
   * Adds a table whose rows at the given indices are highlighted (bold, tinted), e.g. the
   * settings that differ between runs. Null cells print as empty.
   *
   * @param header the column names, escaped
   * @param rows the rows, each with as many cells as the header, escaped
   * @param highlighted indices into rows of the rows to highlight
   * @return this report
   * @throws IllegalArgumentException if a row's length differs from the header's
   */
  public HtmlReport table(List<String> header, List<List<String>> rows,
      java.util.Set<Integer> highlighted) {
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("table row has " + row.size() + " cells but the header "
            + header.size() + ": " + row);
      }
    }
    body.append("<table>\n<thead><tr>");
    for (String cell : header) {
      body.append("<th>").append(escape(cell)).append("</th>");
    }
    body.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      body.append(highlighted.contains(r) ? "<tr class=\"highlight\">" : "<tr>");
      for (String cell : row) {
        body.append("<td>").append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    return this;
  }

  /**
   * Adds preformatted text, e.g. the command line that made the report.
   *
   * @param text the text, escaped, shown in a monospace font with line breaks kept
   * @return this report
   */
  public HtmlReport preformatted(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  /**
   * The complete HTML document.
   *
   * @return the document
   */
  public String html() {
    String t = escape(title);
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + t + "</title>\n<style>\n" + STYLE + "\n</style>\n</head>\n<body>\n"
        + "<h1>" + t + "</h1>\n" + body + "</body>\n</html>\n";
  }

  /**
   * Writes {@link #html()} to a file as UTF-8, creating parent directories and replacing an
   * existing file.
   *
   * @param file the file
   * @throws UncheckedIOException if it cannot be written
   */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Escapes text for HTML element content and for double- or single-quoted attributes.
   *
   * @param text the text; null reads as empty
   * @return the escaped text
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
