package org.chatharness.load.probes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own meters beside Gatling's figures: {@code /metrics} of every node is scraped
 * before and after a run, and the changes of its {@code chat_*} counters become lines of the
 * summary. A node that does not answer is reported as such; it never fails the run.
 */
public final class ServerMetrics {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<URI> nodes;
  private final List<Map<String, Double>> before = new ArrayList<>();

  public ServerMetrics(List<URI> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Scrapes every node; call before the load starts. */
  public void start() {
    before.clear();
    for (URI node : nodes) {
      before.add(scrape(node));
    }
  }

  /** The summary lines: per node, each chat counter's change over the run. */
  public List<String> deltaLines() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Double> after = scrape(nodes.get(i));
      Map<String, Double> start = i < before.size() ? before.get(i) : Map.of();
      if (after.isEmpty()) {
        lines.add("server metrics of " + nodes.get(i) + ": not available (no /metrics answer)");
        continue;
      }
      StringBuilder line =
          new StringBuilder("server metrics of " + nodes.get(i) + " over the run:");
      after.forEach(
          (name, value) -> {
            double delta = value - start.getOrDefault(name, 0.0);
            String meter = name.contains("{") ? name.substring(0, name.indexOf('{')) : name;
            if (meter.endsWith("_total") || meter.endsWith("_count") || meter.endsWith("_sum")) {
              line.append(String.format(Locale.ROOT, " %s %+.0f;", name, delta));
            }
          });
      double count = delta(after, start, "chat_fanout_seconds_count");
      if (count > 0) {
        line.append(
            String.format(
                Locale.ROOT,
                " mean fan-out %.1f µs;",
                delta(after, start, "chat_fanout_seconds_sum") / count * 1e6));
      }
      line.append(
          String.format(
              Locale.ROOT,
              " queued bytes at the end %.0f",
              after.getOrDefault("chat_outbound_queued_bytes", 0.0)));
      lines.add(line.toString());
    }
    return lines;
  }

  private static double delta(Map<String, Double> after, Map<String, Double> start, String name) {
    return after.getOrDefault(name, 0.0) - start.getOrDefault(name, 0.0);
  }

  /** The chat_* samples of one node (histogram buckets left out), or nothing when it is down. */
  static Map<String, Double> scrape(URI node) {
    String exposition = fetch(node);
    return exposition == null ? Map.of() : parse(exposition);
  }

  /** The node's {@code /metrics} text, or null when it does not answer. */
  static String fetch(URI node) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(node.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (Exception unreachable) {
      return null;
    }
  }

  static Map<String, Double> parse(String exposition) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith("chat_") || line.startsWith("chat_fanout_seconds_bucket")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      try {
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (RuntimeException notASample) {
        // a line this parser does not understand is left out
      }
    }
    return samples;
  }
}
