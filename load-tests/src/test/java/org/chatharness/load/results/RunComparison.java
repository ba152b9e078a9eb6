package org.chatharness.load.results;

import static org.chatharness.load.results.Summary.fmt;
import static org.chatharness.load.results.Summary.percent;
import static org.chatharness.load.results.Summary.values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Two runs side by side, step by step (before and after a change): a table ({@code comparison.md})
 * and a chart ({@code comparison.svg}) of p99 and server CPU per delivery against offered load.
 * Steps are paired by their number, so compare runs of the same shape.
 */
public final class RunComparison {
  private final RunResult before;
  private final RunResult after;

  public RunComparison(RunResult before, RunResult after) {
    this.before = before;
    this.after = after;
  }

  /** Writes comparison.md and comparison.svg into {@code dir}. */
  public void write(Path dir) {
    try {
      Files.writeString(dir.resolve("comparison.md"), markdown());
      Files.writeString(dir.resolve("comparison.svg"), svg());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the comparison to " + dir, e);
    }
  }

  /** The table, with the two runs named by their start. */
  public String markdown() {
    StringBuilder md =
        new StringBuilder("# ")
            .append(after.simulation())
            .append(": ")
            .append(after.started())
            .append(" against ")
            .append(before.started())
            .append("\n\n- before: ")
            .append(before.description())
            .append(", ")
            .append(before.target())
            .append("\n- after: ")
            .append(after.description())
            .append(", ")
            .append(after.target())
            .append("\n- latency: ")
            .append(after.latencyFigure())
            .append(
                "\n\n| step | offered sends/s | deliveries/s before | after | p99 ms before | after |"
                    + " server µs/delivery before | after | change | server CPU before | after |"
                    + " verdict before | after |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    int steps = Math.min(before.steps().size(), after.steps().size());
    for (int i = 0; i < steps; i++) {
      StepResult b = before.steps().get(i);
      StepResult a = after.steps().get(i);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              i,
              fmt(a.offeredSendsPerSecond()),
              b.deliveriesPerSecond(),
              a.deliveriesPerSecond(),
              fmt(b.p99Millis()),
              fmt(a.p99Millis()),
              fmt(b.serverMicrosPerDelivery()),
              fmt(a.serverMicrosPerDelivery()),
              change(b.serverMicrosPerDelivery(), a.serverMicrosPerDelivery()),
              percent(b.serverCpu()),
              percent(a.serverCpu()),
              b.verdict(),
              a.verdict()));
    }
    if (before.steps().size() != after.steps().size()) {
      md.append("\nThe runs have ")
          .append(before.steps().size())
          .append(" and ")
          .append(after.steps().size())
          .append(" steps: only the first ")
          .append(steps)
          .append(" are compared.\n");
    }
    return md.toString();
  }

  /** The relative change from {@code from} to {@code to}, such as {@code -12%}. */
  static String change(double from, double to) {
    if (Double.isNaN(from) || Double.isNaN(to) || from == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%+.0f%%", 100 * (to - from) / from);
  }

  /** p99 (left axis) and server µs per delivery (right axis) of both runs against offered load. */
  String svg() {
    List<StepResult> b = before.steps();
    List<StepResult> a = after.steps();
    double[] xb = values(b, s -> s.offeredSendsPerSecond() * s.users());
    double[] xa = values(a, s -> s.offeredSendsPerSecond() * s.users());
    double[] p99b = values(b, StepResult::p99Millis);
    double[] p99a = values(a, StepResult::p99Millis);
    double[] cpub = values(b, StepResult::serverMicrosPerDelivery);
    double[] cpua = values(a, StepResult::serverMicrosPerDelivery);
    return new TwoAxisChart(
            "Before and after: p99 and server CPU per delivery",
            Summary.axis("offered deliveries/s (sends/s × users)", xb, xa),
            Summary.axis("p99, ms", p99b, p99a),
            Summary.axis("server µs per delivery", cpub, cpua))
        .series("p99 before", xb, p99b, false, Summary.LIGHT_BLUE)
        .series("p99 after", xa, p99a, false, Summary.DARK_BLUE)
        .series("µs/delivery before", xb, cpub, true, Summary.ORANGE)
        .series("µs/delivery after", xa, cpua, true, Summary.GREEN)
        .svg();
  }
}
