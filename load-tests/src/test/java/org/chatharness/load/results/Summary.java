package org.chatharness.load.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A run's summary for people, from its {@link RunResult}: {@code summary.md} (tables to paste into
 * docs), {@code summary.html} (the same with the chart inline) and {@code chart.svg} (latency and
 * deliveries against offered load; a soak's memory and p99 over time).
 */
public final class Summary {
  private final RunResult run;

  public Summary(RunResult run) {
    this.run = run;
  }

  /** Writes summary.md, summary.html and, when there is something to draw, chart.svg. */
  public void write(Path dir) {
    String svg = svg();
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("summary.md"), markdown());
      Files.writeString(dir.resolve("summary.html"), Html.page(title(), markdown(), svg));
      if (!svg.isEmpty()) {
        Files.writeString(dir.resolve("chart.svg"), svg);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the summary to " + dir, e);
    }
  }

  private String title() {
    String name = run.simulation();
    return Character.toUpperCase(name.charAt(0))
        + name.substring(1)
        + (run.ok() ? ": passed" : ": FAILED");
  }

  /** The summary as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# ").append(title()).append("\n\n");
    bullet(md, run.description());
    bullet(md, "target: " + run.target());
    bullet(md, "server probe: " + run.serverProbe());
    if (!run.latencyFigure().isEmpty()) {
      bullet(md, "latency: " + run.latencyFigure());
    }
    bullet(md, "from " + run.started() + " to " + run.finished());
    if (!run.steps().isEmpty()) {
      md.append(
          "\n| step | users | offered sends/s | sends/s | deliveries/s | p50 ms | p95 ms | p99 ms |"
              + " max ms | errors | server CPU | server µs/delivery | load-generator CPU |"
              + " other CPU load | verdict |\n"
              + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (StepResult s : run.steps()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %s | %.0f | %.0f | %s | %s | %s | %s | %d | %s | %s | %s of %d | %s |"
                    + " %s |%n",
                s.step(),
                s.users(),
                fmt(s.offeredSendsPerSecond()),
                s.sendsPerSecond(),
                s.deliveriesPerSecond(),
                fmt(s.p50Millis()),
                fmt(s.p95Millis()),
                fmt(s.p99Millis()),
                fmt(s.maxMillis()),
                s.errors(),
                percent(s.serverCpu()),
                fmt(s.serverMicrosPerDelivery()),
                percent(s.generatorCpu()),
                s.generatorCores(),
                percent(s.otherCpu()),
                s.verdict()));
      }
    }
    if (!run.memory().isEmpty()) {
      md.append(
          "\n| minute | server memory MiB | latencies | p50 ms | p99 ms | server CPU | GC pauses |"
              + " GC pause ms | other CPU load |\n"
              + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (MemoryReading m : run.memory()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %.1f | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                m.minutes(),
                fmt(m.memoryMiB()),
                m.latencies(),
                fmt(m.p50Millis()),
                fmt(m.p99Millis()),
                percent(m.serverCpu()),
                fmt(m.gcPauses()),
                fmt(m.gcMillis()),
                percent(m.otherCpu())));
      }
    }
    if (!run.figures().isEmpty()) {
      md.append("\n| figure | value |\n|---|---:|\n");
      for (Map.Entry<String, Object> figure : run.figures().entrySet()) {
        Object value = figure.getValue();
        String shown = value instanceof Double d ? fmt(d) : String.valueOf(value);
        md.append("| ").append(figure.getKey()).append(" | ").append(shown).append(" |\n");
      }
    }
    md.append('\n');
    run.serverMeters().forEach(line -> bullet(md, line));
    md.append('\n');
    run.findings().forEach(line -> md.append(line).append("\n\n"));
    md.append("**Limited by**: ").append(run.limitedBy()).append(".\n\n");
    if (run.ok()) {
      md.append("**Verdict: passed.**\n\n");
    } else {
      md.append("**Verdict: FAILED**\n\n");
      run.failures().forEach(reason -> bullet(md, reason));
      md.append('\n');
    }
    md.append(
        "CPU is a share of one core (100% = one core busy). Other CPU load is what the rest of the"
            + " machine (other processes, the hypervisor) took meanwhile: above a few percent, the"
            + " latencies were disturbed. Machine-readable: results.json.\n");
    return md.toString();
  }

  private static void bullet(StringBuilder md, String line) {
    md.append("- ").append(line).append('\n');
  }

  /** The run's chart, or empty when it has nothing to draw. */
  String svg() {
    if (!run.memory().isEmpty()) {
      List<MemoryReading> m = run.memory();
      double[] minutes = values(m, MemoryReading::minutes);
      return new TwoAxisChart(
              "Server memory and p99 over time",
              axis("minutes since the start", minutes),
              axis("server memory, MiB", values(m, MemoryReading::memoryMiB)),
              axis("p99, ms", values(m, MemoryReading::p99Millis)))
          .series("server memory", minutes, values(m, MemoryReading::memoryMiB), false, GREEN)
          .series("p99", minutes, values(m, MemoryReading::p99Millis), true, DARK_BLUE)
          .svg();
    }
    if (run.steps().isEmpty()) {
      return "";
    }
    List<StepResult> s = run.steps();
    double[] offered = values(s, step -> step.offeredSendsPerSecond() * step.users());
    double[] p99 = values(s, StepResult::p99Millis);
    double bound = Double.parseDouble(run.parameters().getOrDefault("p99Ms", "NaN"));
    return new TwoAxisChart(
            "Latency and deliveries against offered load",
            axis("offered deliveries/s (sends/s × users)", offered),
            axis("latency, ms", p99, new double[] {bound}),
            axis("deliveries/s received", values(s, StepResult::deliveriesPerSecond)))
        .threshold(bound, "p99 bound " + fmt(bound) + " ms", false)
        .series("p50", offered, values(s, StepResult::p50Millis), false, LIGHT_BLUE)
        .series("p99", offered, p99, false, DARK_BLUE)
        .series("deliveries/s", offered, values(s, StepResult::deliveriesPerSecond), true, GREEN)
        .svg();
  }

  static final String GREEN = "#2a9d4b";
  static final String LIGHT_BLUE = "#7aa6d8";
  static final String DARK_BLUE = "#0b2e63";
  static final String ORANGE = "#d9822b";

  /** An axis from 0 to a little above the largest of {@code values}. */
  static TwoAxisChart.Axis axis(String label, double[]... values) {
    double max = 1;
    for (double[] series : values) {
      for (double v : series) {
        max = Double.isNaN(v) ? max : Math.max(max, v);
      }
    }
    return new TwoAxisChart.Axis(label, max * 1.1, Summary::compact);
  }

  static <T> double[] values(List<T> rows, ToDoubleFunction<T> value) {
    return rows.stream().mapToDouble(value).toArray();
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
    if (value >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1_000);
    }
    return fmt(value);
  }
}
