package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many rooms with large messages keep no more history than {@code --history-budget} in all: the
 * least recently active rooms give theirs up first, and their joiners are told of the gap.
 */
@Timeout(120)
class HistoryBudgetTest {
  private static final long BUDGET = 2L << 20;
  private static final int ROOMS = 40;
  private static final int MESSAGES_PER_ROOM = 10;
  private static final String TEXT = "h".repeat(32 * 1024);

  @Test
  void manyRoomsWithLargeMessagesKeepNoMoreHistoryThanTheBudget() throws Exception {
    ServerConfig config =
        Harness.unthrottled(ServerConfig.forTests().toBuilder().historyBudgetBytes(BUDGET).build());
    try (Harness h = Harness.start(config)) {
      for (int room = 0; room < ROOMS; room++) {
        try (TestClient sender = h.connect("/rooms/r" + room)) {
          for (int m = 0; m < MESSAGES_PER_ROOM; m++) {
            sender.send(m + TEXT);
            assertThat(sender.next()).startsWith(Integer.toString(m));
          }
        }
      }

      assertThat(h.metric("chat_history_bytes"))
          .as("what the rooms keep, by the server's own count")
          .isPositive()
          .isLessThanOrEqualTo(BUDGET);
      long received = 0;
      for (int room = 0; room < ROOMS; room++) {
        received += historyBytes(joinAndReadHistory(h, room));
      }
      assertThat(received)
          .as("history bytes all joiners received together (%d rooms of %d B)", ROOMS, 10 * 32768)
          .isPositive()
          .isLessThanOrEqualTo(BUDGET);

      JsonNode newest = joinAndReadHistory(h, ROOMS - 1);
      assertThat(newest.get("messages")).as("the most recently active room").hasSize(10);
      assertThat(newest.get("gap").asBoolean()).isFalse();
      JsonNode oldest = joinAndReadHistory(h, 0);
      assertThat(oldest.get("messages")).as("the least recently active room gave its up").isEmpty();
      assertThat(oldest.get("gap").asBoolean()).as("and its joiners are told").isTrue();
    }
  }

  private static JsonNode joinAndReadHistory(Harness h, int room) throws Exception {
    try (V1Client joiner = V1Client.connect(h, "/rooms/r" + room)) {
      // A new name each time: the last reader's keyless name may still be held while the server
      // handles its close (PROTOCOL.md), and names are not what this test is about.
      joiner.join("reader-" + READERS.incrementAndGet(), null, null);
      joiner.expect("welcome");
      return joiner.expect("history");
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger READERS =
      new java.util.concurrent.atomic.AtomicInteger();

  private static long historyBytes(JsonNode history) {
    long bytes = 0;
    for (JsonNode message : history.get("messages")) {
      bytes += message.get("text").asText().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }
}
