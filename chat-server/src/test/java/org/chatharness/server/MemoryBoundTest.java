package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.Metrics;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many slow consumers at once cannot push the server's memory past a bound computed from the queue
 * limit: what waits for them is counted (in flight included) and capped per connection.
 */
@Timeout(120)
class MemoryBoundTest {
  private static final int SLOW = 20;
  private static final int MESSAGE = 8 * 1024;
  private static final long QUEUE = 128 * 1024;
  private static final long SLACK = 64L * 1024 * 1024;

  @Test
  void twentyClientsThatStopReadingHoldAtMostTheirQueueLimits() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ServerConfig config =
        Harness.unthrottled(
            ServerConfig.forTests().toBuilder()
                .maxMessageBytes(MESSAGE)
                .outboundQueueBytes(QUEUE)
                .build());
    List<RawWebSocket> slow = new ArrayList<>();
    try (Harness h = Harness.start(config)) {
      for (int i = 0; i < SLOW; i++) {
        slow.add(RawWebSocket.connect(h.ws("/"), 4096));
      }
      TestClient sender = h.connect("/");
      System.gc();
      long baseline = memory.getHeapMemoryUsage().getUsed();
      String payload = "m".repeat(MESSAGE - 1);

      long maxPending = 0;
      int sent = 0;
      double closed = 0;
      while (closed < SLOW && sent < 20_000) {
        sender.send(payload);
        sender.next();
        sent++;
        // What an operator sees: the gauge of bytes waiting, and the count of slow consumers.
        String metrics = h.get("/metrics").body();
        maxPending =
            Math.max(maxPending, (long) Metrics.value(metrics, "chat_outbound_queued_bytes"));
        closed = Metrics.value(metrics, "chat_slow_consumer_closes_total");
      }
      assertThat(closed).as("all slow clients closed after %d messages", sent).isEqualTo(SLOW);
      assertThat(maxPending)
          .as("bytes waiting never exceed the per-connection limit times the connections")
          .isLessThanOrEqualTo((SLOW + 1) * QUEUE);

      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      System.out.printf(
          "MemoryBoundTest: %d slow clients, queue limit %d B, %d messages of %d B sent; max bytes waiting %d; heap growth after GC %d B%n",
          SLOW, QUEUE, sent, MESSAGE, maxPending, after - baseline);
      assertThat(after - baseline)
          .as("heap growth after GC, with %d messages of %d bytes sent", sent, MESSAGE)
          .isLessThan(SLOW * QUEUE + SLACK);
      assertThat(sender.closeCode()).isEqualTo(-1);
    } finally {
      for (RawWebSocket socket : slow) {
        socket.close();
      }
    }
  }
}
