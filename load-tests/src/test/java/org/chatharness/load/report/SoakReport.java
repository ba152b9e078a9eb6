package org.chatharness.load.report;

import static org.chatharness.load.report.CapacityReport.fmt;
import static org.chatharness.load.report.CapacityReport.percent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.ledger.Latencies;

/**
 * A soak run's summary, written like {@link CapacityReport} (and with its drawing helpers): a table
 * with one row per heap reading (heap after GC, and over the window since the reading before: the
 * own-copy latency, server CPU, GC pauses, other load), the heap verdict, and a chart of heap after
 * GC and p99 over time.
 */
public final class SoakReport {

  /**
   * The readings at the end of one window and what happened in it.
   *
   * @param minutes when the window ended, since the run started
   * @param heapMiB heap after GC at its end (NaN when unmeasured)
   * @param echoes own copies timed among the messages sent in the window
   * @param gcPauses collections the server's JVM ran on its own in the window
   * @param gcMillis their pause time
   */
  public record Window(
      double minutes,
      double heapMiB,
      int echoes,
      double p50Millis,
      double p99Millis,
      double serverCpu,
      double otherCpu,
      double gcPauses,
      double gcMillis) {

    /** One window per heap reading, each from the reading before it (the first from nothing). */
    public static List<Window> of(HeapSeries heap, DeliveryLedger ledger, CpuSampler cpu) {
      List<Window> windows = new ArrayList<>();
      HeapSeries.Sample previous = null;
      for (HeapSeries.Sample sample : heap.samples()) {
        long from = previous == null ? Long.MIN_VALUE : previous.nanos();
        Latencies latencies = ledger.latenciesSentBetween(from, sample.nanos());
        GcPauses gc = previous == null ? GcPauses.UNKNOWN : sample.gc().since(previous.gc());
        windows.add(
            new Window(
                sample.seconds() / 60,
                sample.heapMiB(),
                latencies.count(),
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                previous == null ? Double.NaN : cpu.serverShare(from, sample.nanos()),
                previous == null ? Double.NaN : cpu.othersShare(from, sample.nanos()),
                gc.pauses(),
                gc.seconds() * 1000));
        previous = sample;
      }
      return windows;
    }
  }

  private final List<String> context;
  private final List<Window> windows;
  private final List<String> findings;
  private final double p99ThresholdMillis;

  /**
   * @param context lines saying what ran: target, parameters, probe, server meters
   * @param findings plain-words conclusions: heap verdict, completeness, latency, GC
   */
  public SoakReport(
      List<String> context,
      List<Window> windows,
      List<String> findings,
      double p99ThresholdMillis) {
    this.context = List.copyOf(context);
    this.windows = List.copyOf(windows);
    this.findings = List.copyOf(findings);
    this.p99ThresholdMillis = p99ThresholdMillis;
  }

  /** Writes summary.md, summary.html and chart.svg into a new folder under {@code baseDir}. */
  public Path write(Path baseDir) {
    String svg = svg();
    return CapacityReport.writeFiles(
        baseDir,
        "soak",
        markdown(),
        svg,
        CapacityReport.page("Soak", context, markdown(), findings, svg));
  }

  /** The summary as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# Soak\n\n");
    for (String line : context) {
      md.append("- ").append(line).append('\n');
    }
    md.append('\n')
        .append(
            "| minute | heap after GC MiB | own copies timed | p50 ms | p99 ms | server CPU |"
                + " GC pauses | GC pause ms | other CPU load |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Window w : windows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %.1f | %s | %d | %s | %s | %s | %s | %s | %s |%n",
              w.minutes(),
              fmt(w.heapMiB()),
              w.echoes(),
              fmt(w.p50Millis()),
              fmt(w.p99Millis()),
              percent(w.serverCpu()),
              Double.isNaN(w.gcPauses()) ? "n/a" : String.format(Locale.ROOT, "%.0f", w.gcPauses()),
              fmt(w.gcMillis()),
              percent(w.otherCpu())));
    }
    md.append('\n');
    for (String finding : findings) {
      md.append(finding).append("\n\n");
    }
    md.append(
        "Each row is one heap reading (a full GC first) and the window since the reading before:"
            + " latencies are of the messages sent in that window; GC pauses are the ones the"
            + " server's JVM ran on its own (the probe's forced ones left out); CPU is a share of"
            + " one core.\n");
    return md.toString();
  }

  /** Heap after GC (left axis) and p99 (right axis) against time. */
  String svg() {
    double maxX = 1;
    double maxHeap = 1;
    double maxLatency = p99ThresholdMillis;
    for (Window w : windows) {
      maxX = Math.max(maxX, w.minutes());
      maxHeap = Double.isNaN(w.heapMiB()) ? maxHeap : Math.max(maxHeap, w.heapMiB());
      maxLatency = Double.isNaN(w.p99Millis()) ? maxLatency : Math.max(maxLatency, w.p99Millis());
    }
    double[] minutes = windows.stream().mapToDouble(Window::minutes).toArray();
    return new TwoAxisChart(
            "Heap after GC and p99 over time",
            new TwoAxisChart.Axis("minutes since the start", maxX * 1.02, CapacityReport::fmt),
            new TwoAxisChart.Axis("heap after GC, MiB", maxHeap * 1.2, CapacityReport::fmt),
            new TwoAxisChart.Axis("p99 of own copies, ms", maxLatency * 1.1, CapacityReport::fmt))
        .threshold(p99ThresholdMillis, "p99 bound " + fmt(p99ThresholdMillis) + " ms", true)
        .series(
            "heap after GC",
            minutes,
            windows.stream().mapToDouble(Window::heapMiB).toArray(),
            false,
            "#2a9d4b")
        .series(
            "p99",
            minutes,
            windows.stream().mapToDouble(Window::p99Millis).toArray(),
            true,
            "#0b2e63")
        .svg();
  }
}
