package org.chatharness.load.raw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How the bench's results read: a line per run, and per scenario the servers side by side (medians
 * of their runs) with each one's ratio to the baseline, then every run.
 */
final class BenchReport {
  /** One server's runs of a scenario, in the order they ran. */
  record ServerRuns(String server, List<RunResult> runs) {}

  /** The medians of one server's runs of a scenario. */
  record Summary(
      String server,
      int runs,
      double usPerDelivery,
      double serverShare,
      double p50Ms,
      double p99Ms,
      double maxMs,
      long lost,
      long extraBytes,
      int receiversEnded,
      double generatorShare,
      double otherLoad,
      double handshakeP99Ms,
      int limitedRuns,
      int failedRuns) {

    static Summary of(ServerRuns runs) {
      List<RunResult> r = runs.runs();
      return new Summary(
          runs.server(),
          r.size(),
          median(r, x -> x.cpu().serverUsPerDelivery()),
          median(r, x -> x.cpu().serverShare()),
          median(r, x -> x.latency().p50Ms()),
          median(r, x -> x.latency().p99Ms()),
          median(r, x -> x.latency().maxMs()),
          r.stream().mapToLong(x -> x.completeness().lost()).sum(),
          r.stream().mapToLong(x -> x.completeness().extraBytes()).sum(),
          r.stream().mapToInt(x -> x.completeness().receiversEnded()).sum(),
          median(r, x -> x.cpu().generatorShare()),
          median(r, x -> x.cpu().otherLoad()),
          median(r, x -> x.handshakes().p99Ms()),
          (int) r.stream().filter(x -> x.pace().generatorLimit() != null).count(),
          (int) r.stream().filter(x -> x.failure() != null).count());
    }
  }

  private BenchReport() {}

  /** The median of the finite values (the mean of the middle two for an even count), else NaN. */
  static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
    double[] values = runs.stream().mapToDouble(metric).filter(Double::isFinite).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** One run in a line. */
  static String line(String label, RunResult r) {
    String text =
        String.format(
            Locale.ROOT,
            "%s: %s µs/delivery (server %s of its core), p50 %s ms, p99 %s ms, max %s ms,"
                + " %d deliveries, lost %d, generator %s (its core %s busy), other load %s cores,"
                + " handshakes p99 %s ms",
            label,
            number(r.cpu().serverUsPerDelivery(), 2),
            percent(r.cpu().serverShare()),
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
    if (r.completeness().receiversEnded() > 0) {
      text +=
          ", "
              + r.completeness().receiversEnded()
              + " connections ended (first: "
              + r.completeness().firstEnd()
              + ")";
    }
    if (r.pace().generatorLimit() != null) {
      text += " [LIMITED BY THE GENERATOR: " + r.pace().generatorLimit() + "]";
    }
    if (r.failure() != null) {
      text += " [FAILED: " + r.failure() + "]";
    }
    return text;
  }

  /** A scenario in markdown: the comparison, then every run. */
  static String markdown(RunResult.Load load, List<ServerRuns> servers, String baseline) {
    List<Summary> summaries = servers.stream().map(Summary::of).toList();
    Summary base =
        summaries.stream().filter(s -> s.server().equals(baseline)).findFirst().orElse(null);
    List<String> head = new ArrayList<>(List.of(""));
    summaries.forEach(s -> head.add(s.server()));
    List<Summary> compared = summaries.stream().filter(s -> base != null && s != base).toList();
    compared.forEach(s -> head.add(s.server() + " / " + baseline));
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
    row(out, head);
    row(out, alignment(head.size()));
    compare(
        out, "server CPU per delivery, µs", summaries, compared, base, s -> s.usPerDelivery(), 2);
    compare(
        out, "server CPU, share of its core", summaries, compared, base, s -> s.serverShare(), -1);
    compare(out, "latency p50, ms", summaries, compared, base, s -> s.p50Ms(), 1);
    compare(out, "latency p99, ms", summaries, compared, base, s -> s.p99Ms(), 1);
    compare(out, "latency max, ms", summaries, compared, base, s -> s.maxMs(), 1);
    fact(out, "lost deliveries, all runs", summaries, compared, s -> Long.toString(s.lost()));
    fact(out, "bytes beyond those sent", summaries, compared, s -> Long.toString(s.extraBytes()));
    fact(out, "connections the server ended", summaries, compared, s -> "" + s.receiversEnded());
    fact(
        out,
        "generator CPU, share of its core",
        summaries,
        compared,
        s -> percent(s.generatorShare()));
    fact(
        out,
        "runs the generator may have limited",
        summaries,
        compared,
        s -> s.limitedRuns() + " of " + s.runs());
    fact(out, "failed runs", summaries, compared, s -> s.failedRuns() + " of " + s.runs());
    fact(
        out,
        "other load on the machine, cores",
        summaries,
        compared,
        s -> number(s.otherLoad(), 2));
    fact(out, "handshake p99, ms", summaries, compared, s -> number(s.handshakeP99Ms(), 1));
    out.append("\nEvery run:\n\n");
    List<String> runHead =
        List.of(
            "server",
            "run",
            "µs / delivery",
            "server CPU",
            "p50 ms",
            "p99 ms",
            "max ms",
            "deliveries",
            "lost",
            "generator CPU",
            "its core busy",
            "other load",
            "note");
    row(out, runHead);
    row(out, alignment(runHead.size()));
    int rounds = servers.stream().mapToInt(s -> s.runs().size()).max().orElse(0);
    for (int i = 0; i < rounds; i++) {
      for (ServerRuns s : servers) {
        if (i < s.runs().size()) {
          RunResult r = s.runs().get(i);
          String note = r.failure() != null ? "failed: " + r.failure() : r.pace().generatorLimit();
          if (note == null && r.completeness().receiversEnded() > 0) {
            note = r.completeness().firstEnd();
          }
          row(
              out,
              List.of(
                  s.server(),
                  Integer.toString(i + 1),
                  number(r.cpu().serverUsPerDelivery(), 2),
                  percent(r.cpu().serverShare()),
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
    return out.toString();
  }

  /** The medians and ratios of a scenario, for the JSON result. */
  static Map<String, Object> summaryMap(List<ServerRuns> servers, String baseline) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<Summary> summaries = servers.stream().map(Summary::of).toList();
    Summary base =
        summaries.stream().filter(s -> s.server().equals(baseline)).findFirst().orElse(null);
    for (Summary s : summaries) {
      Map<String, Object> one = RunResult.components(s);
      if (base != null && s != base) {
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("usPerDelivery", s.usPerDelivery() / base.usPerDelivery());
        ratio.put("serverShare", s.serverShare() / base.serverShare());
        ratio.put("p50Ms", s.p50Ms() / base.p50Ms());
        ratio.put("p99Ms", s.p99Ms() / base.p99Ms());
        ratio.put("maxMs", s.maxMs() / base.maxMs());
        one.put("ratioTo_" + baseline, ratio);
      }
      map.put(s.server(), one);
    }
    return map;
  }

  private static void compare(
      StringBuilder out,
      String label,
      List<Summary> summaries,
      List<Summary> compared,
      Summary base,
      ToDoubleFunction<Summary> metric,
      int decimals) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (Summary s : summaries) {
      double v = metric.applyAsDouble(s);
      cells.add(decimals < 0 ? percent(v) : number(v, decimals));
    }
    for (Summary s : compared) {
      cells.add(number(metric.applyAsDouble(s) / metric.applyAsDouble(base), 2));
    }
    row(out, cells);
  }

  private static void fact(
      StringBuilder out,
      String label,
      List<Summary> summaries,
      List<Summary> compared,
      java.util.function.Function<Summary, String> value) {
    List<String> cells = new ArrayList<>(List.of(label));
    summaries.forEach(s -> cells.add(value.apply(s)));
    compared.forEach(s -> cells.add(""));
    row(out, cells);
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
