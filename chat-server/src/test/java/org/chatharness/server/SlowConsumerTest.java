package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that stops reading is closed with 1008; the others keep receiving everything. */
@Timeout(120)
class SlowConsumerTest {
  private static final int MESSAGE = 16 * 1024;
  private static final long QUEUE = 64 * 1024;
  // Enough to fill the kernel's socket buffers (several MiB on loopback) and then the queue.
  private static final int MAX_MESSAGES = 4000;
  private static final int SCRAPE_EVERY = 10;

  @Test
  void aClientThatStopsReadingIsClosedWith1008WhileOthersReceiveEverything() throws Exception {
    ServerConfig config =
        Harness.unthrottled(
            ServerConfig.forTests().toBuilder()
                .maxMessageBytes(MESSAGE)
                .outboundQueueBytes(QUEUE)
                .build());
    try (Harness h = Harness.start(config);
        RawWebSocket slow = RawWebSocket.connect(h.ws("/"), 4096)) {
      TestClient sender = h.connect("/");
      TestClient bystander = h.connect("/");
      String payload = "z".repeat(MESSAGE - 8);

      int sent = 0;
      while (slowConsumerCloses(h, sent) == 0 && sent < MAX_MESSAGES) {
        sender.send(String.format("%07d ", sent) + payload);
        sent++;
        // The bystander reads as it goes, like a healthy client.
        assertThat(bystander.next()).startsWith(String.format("%07d ", sent - 1));
        assertThat(sender.next()).startsWith(String.format("%07d ", sent - 1));
      }
      assertThat(h.metric("chat_slow_consumer_closes_total"))
          .as("slow consumer detected after %d messages", sent)
          .isEqualTo(1);

      sender.send("after");
      assertThat(bystander.next()).isEqualTo("after");
      assertThat(bystander.closeCode()).as("bystander still open").isEqualTo(-1);

      // Once it reads again, the slow client finds what was in flight, then the close frame.
      RawWebSocket.Frame close = slow.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(new String(close.payload(), 2, close.payload().length - 2))
          .isEqualTo("slow consumer");
      // It answers the close, as clients do, and the server closes the socket.
      slow.send(true, RawWebSocket.CLOSE, close.payload());
      assertThat(slow.input().read()).isEqualTo(-1);
      h.awaitHealthConnections(2);
    }
  }

  @Test
  void manySlowClientsAreAllClosedAndTheFastOnesAreNot() throws Exception {
    ServerConfig config =
        Harness.unthrottled(
            ServerConfig.forTests().toBuilder()
                .maxMessageBytes(MESSAGE)
                .outboundQueueBytes(QUEUE)
                .build());
    int slowCount = 5;
    try (Harness h = Harness.start(config)) {
      RawWebSocket[] slow = new RawWebSocket[slowCount];
      for (int i = 0; i < slowCount; i++) {
        slow[i] = RawWebSocket.connect(h.ws("/"), 4096);
      }
      TestClient sender = h.connect("/");
      String payload = "q".repeat(MESSAGE - 1);
      int sent = 0;
      while (slowConsumerCloses(h, sent) < slowCount && sent < MAX_MESSAGES) {
        sender.send(payload);
        assertThat(sender.next()).hasSize(MESSAGE - 1);
        sent++;
      }
      assertThat(h.metric("chat_slow_consumer_closes_total")).isEqualTo(slowCount);
      assertThat(sender.closeCode()).isEqualTo(-1);
      for (RawWebSocket each : slow) {
        closeQuietly(each);
      }
    }
  }

  /**
   * The server's count of slow-consumer closes from {@code /metrics}, as an operator sees it; read
   * every {@link #SCRAPE_EVERY} messages (a scrape per message would slow the sender down).
   */
  private static double slowConsumerCloses(Harness h, int sent) throws Exception {
    return sent % SCRAPE_EVERY == 0 ? h.metric("chat_slow_consumer_closes_total") : 0;
  }

  private static void closeQuietly(RawWebSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed by the server
    }
  }
}
