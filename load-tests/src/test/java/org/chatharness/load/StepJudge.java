package org.chatharness.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.targets.Target;

/**
 * Decides, when senders reach a new step, whether the previous one held: its p99 so far under the
 * threshold, and every connection still open on the server (from its {@code /health}, when it has
 * one). Once a step has failed no further step starts, so a capacity run stops one step past its
 * knee instead of piling load onto a server that has already given way.
 */
final class StepJudge {
  private static final Pattern CONNECTIONS = Pattern.compile("\"connections\"\\s*:\\s*(\\d+)");
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private final DeliveryLedger ledger;
  private final Target target;
  private final double p99ThresholdMillis;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
  private final Map<Integer, Boolean> held = new HashMap<>();
  private boolean stopped;

  StepJudge(DeliveryLedger ledger, Target target, double p99ThresholdMillis) {
    this.ledger = ledger;
    this.target = target;
    this.p99ThresholdMillis = p99ThresholdMillis;
  }

  /** True when step {@code step} may start: every step before it held. */
  synchronized boolean mayStart(int step) {
    if (stopped) {
      return false;
    }
    if (step == 0) {
      return true;
    }
    boolean previousHeld = held.computeIfAbsent(step - 1, this::judge);
    stopped = !previousHeld;
    return previousHeld;
  }

  private boolean judge(int step) {
    double p99 = ledger.latencies(step).percentileMillis(99);
    int open = openConnections();
    boolean ok = !(p99 > p99ThresholdMillis) && (open < 0 || open >= ledger.connectedUsers());
    System.out.printf(
        "capacity: step %d %s (p99 so far %.1f ms, %s of %d connections open)%n",
        step,
        ok ? "held" : "failed; no further step",
        p99,
        open < 0 ? "?" : Integer.toString(open),
        ledger.connectedUsers());
    return ok;
  }

  /** Connections open on all nodes, from their /health, or -1 when a node does not say. */
  private int openConnections() {
    int total = 0;
    for (URI node : target.nodes()) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(node.resolve("/health")).timeout(HEALTH_TIMEOUT).build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher count = CONNECTIONS.matcher(body);
        if (!count.find()) {
          return -1;
        }
        total += Integer.parseInt(count.group(1));
      } catch (java.io.IOException | RuntimeException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return total;
  }
}
