package org.chatharness.load.raw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.chatharness.load.raw.ServerSummary.ServerRuns;

/**
 * How the bench's results read: a line per run, and per scenario the servers side by side (medians
 * of their runs) with each one's ratio to the baseline, then every run with what makes it doubtful.
 */
final class BenchReport {
  private BenchReport() {}

  /** One run in a line. */
  static String line(String label, RunResult r) {
    String text =
        String.format(
            Locale.ROOT,
            "%s: %s µs/delivery (%s in the kernel; server %s of its core, others %s of it),"
                + " p50 %s ms, p99 %s ms, max %s ms, %,d deliveries, lost %d, generator %s"
                + " (its core %s busy), other load %s cores, handshakes p99 %s ms",
            label,
            number(r.cpu().serverUsPerDelivery(), 2),
            number(r.cpu().serverKernelUsPerDelivery(), 2),
            percent(r.cpu().serverShare()),
            percent(r.cpu().serverCoreOthers()),
            number(r.latency().p50Ms(), 1),
            number(r.latency().p99Ms(), 1),
            number(r.latency().maxMs(), 1),
            r.completeness().deliveries(),
            r.completeness().lost(),
            percent(r.cpu().generatorShare()),
            percent(r.cpu().generatorCoreBusy()),
            number(r.cpu().otherLoad(), 2),
            number(r.handshakes().p99Ms(), 1));
    if (r.completeness().extraBytes() > 0) {
      text += ", " + r.completeness().extraBytes() + " bytes more than sent";
    }
    String notes = notes(r);
    return notes == null ? text : text + " [" + notes + "]";
  }

  /** What makes a run's figures doubtful, or null. */
  static String notes(RunResult r) {
    List<String> notes = new ArrayList<>();
    if (r.failure() != null) {
      notes.add("FAILED: " + r.failure());
    }
    if (r.completeness().receiversEnded() > 0) {
      notes.add(
          r.completeness().receiversEnded()
              + " connections ended, first "
              + r.completeness().firstEnd());
    }
    RunResult.Completeness c = r.completeness();
    if (c.probeMissing() + c.probeDuplicates() + c.probeOutOfOrder() > 0) {
      notes.add(
          "probes: "
              + c.probeMissing()
              + " missing, "
              + c.probeDuplicates()
              + " twice, "
              + c.probeOutOfOrder()
              + " out of order");
    }
    if (r.pace().generatorLimit() != null) {
      notes.add("generator-bound: " + r.pace().generatorLimit());
    }
    if (r.pace().serverDisturbed() != null) {
      notes.add("disturbed: " + r.pace().serverDisturbed());
    }
    return notes.isEmpty() ? null : String.join("; ", notes);
  }

  /** A scenario in markdown: the comparison, then every run. */
  static String markdown(RunResult.Load load, List<ServerRuns> servers, String baseline) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "### %,d clients, %d senders, %s messages/s (%,.0f deliveries/s), %s s per run%n%n",
            load.clients(),
            load.senders(),
            number(load.rate(), 2),
            load.deliveriesPerSecond(),
            number(load.seconds(), 1)));
    out.append("Medians of each server's runs; runs alternated between the servers.\n\n");
    comparison(out, servers, baseline);
    out.append("\nEvery run:\n\n");
    runs(out, servers);
    return out.toString();
  }

  private static void comparison(StringBuilder out, List<ServerRuns> servers, String baseline) {
    Rows rows = new Rows(servers.stream().map(ServerSummary::of).toList(), baseline);
    rows.header(out);
    rows.compare(out, "server CPU per delivery, µs", s -> s.usPerDelivery(), 2);
    rows.compare(out, "of it in the kernel (stime), µs", s -> s.kernelUsPerDelivery(), 2);
    rows.compare(out, "server CPU, share of its core", s -> s.serverShare(), -1);
    rows.compare(out, "latency p50, ms", s -> s.p50Ms(), 1);
    rows.compare(out, "latency p99, ms", s -> s.p99Ms(), 1);
    rows.compare(out, "latency max, ms", s -> s.maxMs(), 1);
    rows.fact(out, "lost deliveries, all runs", s -> Long.toString(s.lost()));
    rows.fact(out, "bytes beyond those sent", s -> Long.toString(s.extraBytes()));
    rows.fact(out, "connections the server ended", s -> Integer.toString(s.receiversEnded()));
    rows.fact(out, "failed runs", s -> s.failedRuns() + " of " + s.runs());
    rows.fact(out, "other processes on the server's core", s -> percent(s.serverCoreOthers()));
    rows.fact(
        out,
        "runs disturbed (others took ≥ 10% of it)",
        s -> s.disturbedRuns() + " of " + s.runs());
    rows.fact(out, "generator CPU, share of its core", s -> percent(s.generatorShare()));
    rows.fact(out, "runs the generator may have limited", s -> s.limitedRuns() + " of " + s.runs());
    rows.fact(out, "other load on the machine, cores", s -> number(s.otherLoad(), 2));
    rows.fact(out, "handshake p99, ms", s -> number(s.handshakeP99Ms(), 1));
  }

  /** The comparison's columns: each server, then each one's ratio to the baseline. */
  private record Rows(
      List<ServerSummary> summaries, ServerSummary base, List<ServerSummary> compared) {
    Rows(List<ServerSummary> summaries, String baseline) {
      this(summaries, find(summaries, baseline), others(summaries, find(summaries, baseline)));
    }

    private static ServerSummary find(List<ServerSummary> summaries, String name) {
      return summaries.stream().filter(s -> s.server().equals(name)).findFirst().orElse(null);
    }

    private static List<ServerSummary> others(List<ServerSummary> all, ServerSummary base) {
      return base == null ? List.of() : all.stream().filter(s -> s != base).toList();
    }

    void header(StringBuilder out) {
      List<String> head = new ArrayList<>(List.of(""));
      summaries.forEach(s -> head.add(s.server()));
      compared.forEach(s -> head.add(s.server() + " / " + base.server()));
      row(out, head);
      row(out, alignment(head.size()));
    }

    void compare(
        StringBuilder out, String label, ToDoubleFunction<ServerSummary> metric, int decimals) {
      List<String> cells = new ArrayList<>(List.of(label));
      for (ServerSummary s : summaries) {
        double v = metric.applyAsDouble(s);
        cells.add(decimals < 0 ? percent(v) : number(v, decimals));
      }
      for (ServerSummary s : compared) {
        cells.add(number(metric.applyAsDouble(s) / metric.applyAsDouble(base), 2));
      }
      row(out, cells);
    }

    void fact(StringBuilder out, String label, Function<ServerSummary, String> value) {
      List<String> cells = new ArrayList<>(List.of(label));
      summaries.forEach(s -> cells.add(value.apply(s)));
      compared.forEach(s -> cells.add(""));
      row(out, cells);
    }
  }

  private static void runs(StringBuilder out, List<ServerRuns> servers) {
    List<String> head =
        List.of(
            "server",
            "run",
            "µs / delivery",
            "of it kernel",
            "server CPU",
            "others on its core",
            "p50 ms",
            "p99 ms",
            "max ms",
            "deliveries",
            "lost",
            "generator CPU",
            "its core busy",
            "other load",
            "note");
    row(out, head);
    row(out, alignment(head.size()));
    int rounds = servers.stream().mapToInt(s -> s.runs().size()).max().orElse(0);
    for (int i = 0; i < rounds; i++) {
      for (ServerRuns s : servers) {
        if (i < s.runs().size()) {
          RunResult r = s.runs().get(i);
          String note = notes(r);
          row(
              out,
              List.of(
                  s.server(),
                  Integer.toString(i + 1),
                  number(r.cpu().serverUsPerDelivery(), 2),
                  number(r.cpu().serverKernelUsPerDelivery(), 2),
                  percent(r.cpu().serverShare()),
                  percent(r.cpu().serverCoreOthers()),
                  number(r.latency().p50Ms(), 1),
                  number(r.latency().p99Ms(), 1),
                  number(r.latency().maxMs(), 1),
                  String.format(Locale.ROOT, "%,d", r.completeness().deliveries()),
                  Long.toString(r.completeness().lost()),
                  percent(r.cpu().generatorShare()),
                  percent(r.cpu().generatorCoreBusy()),
                  number(r.cpu().otherLoad(), 2),
                  note == null ? "" : note.replace('|', '/')));
        }
      }
    }
  }

  /** The medians and ratios of a scenario, for the JSON result. */
  static Map<String, Object> summaryMap(List<ServerRuns> servers, String baseline) {
    List<ServerSummary> summaries = servers.stream().map(ServerSummary::of).toList();
    ServerSummary base = Rows.find(summaries, baseline);
    Map<String, Object> map = new LinkedHashMap<>();
    summaries.forEach(s -> map.put(s.server(), s.toMap(base)));
    return map;
  }

  private static List<String> alignment(int columns) {
    String[] cells = new String[columns];
    Arrays.fill(cells, "---:");
    cells[0] = "---";
    return List.of(cells);
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  static String number(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
  }

  static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.0f%%", 100 * share) : "–";
  }
}
