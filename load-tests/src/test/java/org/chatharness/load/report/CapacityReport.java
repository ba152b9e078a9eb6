package org.chatharness.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's summary next to Gatling's report: {@code summary.md} (a table a person can paste
 * into docs), {@code summary.html} (the same table with the chart inline) and {@code chart.svg}.
 */
public final class CapacityReport {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final String title;
  private final List<String> context;
  private final List<StepResult> steps;
  private final double p99ThresholdMillis;

  /**
   * @param context lines saying what ran: target, parameters, probe
   */
  public CapacityReport(
      String title, List<String> context, List<StepResult> steps, double p99ThresholdMillis) {
    this.title = title;
    this.context = List.copyOf(context);
    this.steps = List.copyOf(steps);
    this.p99ThresholdMillis = p99ThresholdMillis;
  }

  /** The last step that passed, if every step before it passed too; -1 when none did. */
  public int knee() {
    int knee = -1;
    for (StepResult step : steps) {
      if (!step.passes(p99ThresholdMillis)) {
        break;
      }
      knee = step.step();
    }
    return knee;
  }

  /** Plain-words conclusions: the knee, and whether Gatling was the limit. */
  public List<String> findings() {
    int knee = knee();
    List<String> findings = new java.util.ArrayList<>();
    if (steps.size() == 1) {
      StepResult only = steps.get(0);
      findings.add(
          String.format(
              Locale.ROOT,
              "Result: %s (%.0f sends/s, %.0f deliveries/s, p99 %s ms, threshold %s ms).",
              verdict(only),
              only.sendsPerSecond(),
              only.deliveriesPerSecond(),
              fmt(only.p99Millis()),
              fmt(p99ThresholdMillis)));
    } else if (knee < 0) {
      findings.add(
          "No step passed (p99 under " + fmt(p99ThresholdMillis) + " ms, no errors, no loss).");
    } else {
      StepResult best = steps.get(knee);
      findings.add(
          String.format(
              Locale.ROOT,
              "Knee: step %d, %d users, %.0f sends/s, %.0f deliveries/s with p99 %.1f ms%s.",
              best.step(),
              best.users(),
              best.sendsPerSecond(),
              best.deliveriesPerSecond(),
              best.p99Millis(),
              knee == steps.size() - 1 ? " (the last step: the real knee is higher)" : ""));
    }
    for (StepResult step : steps) {
      if (step.loadGeneratorSaturated()) {
        findings.add(
            String.format(
                Locale.ROOT,
                "From step %d on the load generator was the bottleneck: Gatling used %.0f%% of"
                    + " its %d core(s). Figures from there on measure Gatling, not the server.",
                step.step(),
                100 * step.loadGeneratorCpu(),
                step.loadGeneratorCores()));
        break;
      }
    }
    return findings;
  }

  /** Writes the files into a new folder under {@code baseDir} and returns that folder. */
  public Path write(Path baseDir, String prefix) {
    String svg = svg();
    return writeFiles(baseDir, prefix, markdown(), svg, html(svg));
  }

  /**
   * Writes {@code summary.md}, {@code chart.svg} and {@code summary.html} into a new folder {@code
   * <prefix>-<timestamp>} under {@code baseDir} and returns that folder.
   */
  static Path writeFiles(Path baseDir, String prefix, String markdown, String svg, String html) {
    Path dir = baseDir.resolve(prefix + "-" + LocalDateTime.now().format(STAMP));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("summary.md"), markdown);
      Files.writeString(dir.resolve("chart.svg"), svg);
      Files.writeString(dir.resolve("summary.html"), html);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the summary to " + dir, e);
    }
    return dir;
  }

  /** The summary as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    for (String line : context) {
      md.append("- ").append(line).append('\n');
    }
    md.append('\n')
        .append(
            "| step | users | sends/s | deliveries/s | p50 ms | p95 ms | p99 ms | errors |"
                + " server CPU | server µs/delivery | load-generator CPU | other CPU load | verdict |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (StepResult s : steps) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              s.step(),
              s.users(),
              s.sendsPerSecond(),
              s.deliveriesPerSecond(),
              fmt(s.p50Millis()),
              fmt(s.p95Millis()),
              fmt(s.p99Millis()),
              errors(s),
              percent(s.serverCpu()),
              fmt(s.serverCpuMicrosPerDelivery()),
              percent(s.loadGeneratorCpu()) + " of " + s.loadGeneratorCores(),
              percent(s.otherProcessesCpu()),
              verdict(s)));
    }
    md.append('\n');
    for (String finding : findings()) {
      md.append(finding).append("\n\n");
    }
    md.append(
        "CPU is given as a share of one core (100% = one core busy). Other CPU load is what"
            + " other processes, the kernel outside them and the hypervisor (steal) took of the"
            + " machine meanwhile: above a few percent, the latency figures of that step were"
            + " disturbed.\n");
    return md.toString();
  }

  private String verdict(StepResult s) {
    if (s.passes(p99ThresholdMillis)) {
      return "ok";
    }
    if (s.errors() > 0) {
      return "errors or loss";
    }
    if (!s.keptUp()) {
      return "senders fell behind the offered rate";
    }
    return "p99 over " + fmt(p99ThresholdMillis) + " ms";
  }

  private static String errors(StepResult s) {
    if (s.errors() == 0) {
      return "0";
    }
    return s.echoTimeouts()
        + " echo, "
        + s.missingCopies()
        + " missing, "
        + s.doubledCopies()
        + " doubled";
  }

  private String html(String svg) {
    return page(title, context, markdown(), findings(), svg);
  }

  /** An HTML page: the title, the context lines, the Markdown's table, the findings, the chart. */
  static String page(
      String title, List<String> context, String markdown, List<String> findings, String svg) {
    String table = markdownTableToHtml(markdown);
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
            .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
            .append("text-align:right}</style></head><body>\n<h1>")
            .append(escape(title))
            .append("</h1>\n<ul>");
    for (String line : context) {
      html.append("<li>").append(escape(line)).append("</li>");
    }
    html.append("</ul>\n").append(table).append('\n');
    for (String finding : findings) {
      html.append("<p>").append(escape(finding)).append("</p>\n");
    }
    return html.append(svg).append("\n</body></html>\n").toString();
  }

  private static String markdownTableToHtml(String markdown) {
    StringBuilder html = new StringBuilder("<table>\n");
    boolean header = true;
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("|")) {
        continue;
      }
      if (line.startsWith("|---")) {
        header = false;
        continue;
      }
      String cell = header ? "th" : "td";
      html.append("<tr>");
      for (String value : line.substring(1, line.length() - 1).split("\\|")) {
        html.append('<').append(cell).append('>').append(escape(value.trim()));
        html.append("</").append(cell).append('>');
      }
      html.append("</tr>\n");
    }
    return html.append("</table>").toString();
  }

  /** Latency (left axis) and deliveries per second (right axis) against offered deliveries/s. */
  String svg() {
    double maxX = 1;
    double maxLatency = p99ThresholdMillis;
    double maxDeliveries = 1;
    for (StepResult s : steps) {
      maxX = Math.max(maxX, offered(s));
      maxDeliveries = Math.max(maxDeliveries, s.deliveriesPerSecond());
      if (!Double.isNaN(s.p99Millis())) {
        maxLatency = Math.max(maxLatency, s.p99Millis());
      }
    }
    double[] offered = steps.stream().mapToDouble(CapacityReport::offered).toArray();
    return new TwoAxisChart(
            "Latency and deliveries against offered load",
            new TwoAxisChart.Axis(
                "offered deliveries/s (sends/s × users)", maxX * 1.05, CapacityReport::compact),
            new TwoAxisChart.Axis("latency, ms (own copy)", maxLatency * 1.1, CapacityReport::fmt),
            new TwoAxisChart.Axis(
                "deliveries/s received", maxDeliveries * 1.1, CapacityReport::compact))
        .threshold(p99ThresholdMillis, "p99 threshold " + fmt(p99ThresholdMillis) + " ms", false)
        .series("p50", offered, values(StepResult::p50Millis), false, "#7aa6d8")
        .series("p95", offered, values(StepResult::p95Millis), false, "#2f6db5")
        .series("p99", offered, values(StepResult::p99Millis), false, "#0b2e63")
        .series("deliveries/s", offered, values(StepResult::deliveriesPerSecond), true, "#2a9d4b")
        .svg();
  }

  private double[] values(java.util.function.ToDoubleFunction<StepResult> value) {
    return steps.stream().mapToDouble(value).toArray();
  }

  private static double offered(StepResult s) {
    return s.offeredSendsPerSecond() * s.users();
  }

  static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  static String compact(double value) {
    if (value >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
    }
    if (value >= 1_000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1_000);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
