package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Pattern IMG =
      Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]*)\"");

  private static LineChart chart(String title, boolean logY) {
    double[] y = {1, 0.5, 0.25, 0.125, 0};
    return new LineChart(title, "iteration", "loss", logY, List.of(Series.indexed("loss", y)));
  }

  private static HtmlReport sample() {
    return new HtmlReport("Report <b>&")
        .heading("Loss <curves>")
        .paragraph("Para <b>& \"quoted\"")
        .chart(chart("Loss & prediction", false), "linear <scale>")
        .chart(chart("Loss (log)", true), "log scale")
        .table(List.of("fraction", "error<"), List.of(List.of("0.2", "a&b"), List.of("0.4",
            "λ_max")))
        .preformatted("widenet train --width 1000 <x>");
  }

  @Test
  void textIsEscaped() {
    String html = sample().html();
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<title>Report &lt;b&gt;&amp;</title>"));
    assertTrue(html.contains("<h1>Report &lt;b&gt;&amp;</h1>"));
    assertTrue(html.contains("<h2>Loss &lt;curves&gt;</h2>"));
    assertTrue(html.contains("<p>Para &lt;b&gt;&amp; &quot;quoted&quot;</p>"));
    assertTrue(html.contains("<pre>widenet train --width 1000 &lt;x&gt;</pre>"));
    assertTrue(html.contains("<figcaption>linear &lt;scale&gt;</figcaption>"));
    assertFalse(html.contains("<b>&"));
    assertFalse(html.contains("<curves>"));
  }

  @Test
  void eachChartIsOneEmbeddedPng() throws IOException {
    String html = sample().html();
    Matcher m = IMG.matcher(html);
    int count = 0;
    while (m.find()) {
      byte[] png = Base64.getDecoder().decode(m.group(1));
      ChartsTest.decodePng(png, HtmlReport.CHART_WIDTH, HtmlReport.CHART_HEIGHT);
      count++;
    }
    assertEquals(2, count);
    assertEquals(2, html.split("<img ", -1).length - 1, "no other images");
    assertTrue(html.contains("alt=\"Loss &amp; prediction\""));
  }

  @Test
  void tableCellsArePresent() {
    String html = sample().html();
    assertTrue(html.contains("<th>fraction</th><th>error&lt;</th>"));
    assertTrue(html.contains("<tr><td>0.2</td><td>a&amp;b</td></tr>"));
    assertTrue(html.contains("<td>λ_max</td>"));
    assertThrows(IllegalArgumentException.class,
        () -> new HtmlReport("t").table(List.of("a", "b"), List.of(List.of("1"))));
  }

  @Test
  void reportIsSelfContained() {
    String html = sample().html();
    assertFalse(html.contains("http://"));
    assertFalse(html.contains("https://"));
    assertFalse(html.contains("src=\"file"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("<script"));
    assertEquals(html.split("src=\"", -1).length - 1,
        html.split("src=\"data:image/png;base64,", -1).length - 1, "every src is a data URI");
  }

  @Test
  void writeStoresTheSameHtmlAsUtf8(@TempDir Path dir) throws IOException {
    HtmlReport report = sample();
    Path file = dir.resolve("nested/dir/report.html");
    report.write(file);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(report.html(), new String(bytes, StandardCharsets.UTF_8));
    assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("λ_max"));
  }
}
