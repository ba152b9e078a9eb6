package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A history larger than a client's outbound queue cannot stall a join: the welcome and the newest
 * messages that fit arrive, and the rest is reported as a gap.
 */
@Timeout(60)
class BigHistoryTest {
  // U+0001 is one byte of UTF-8 but six of JSON (\u0001): a message at the 64 KiB limit is about
  // 384 KiB as a chat.v1 message, and three of them outgrow the 1 MiB outbound queue.
  private static final String ESCAPED = "\u0001".repeat(65_528);

  @Test
  void aJoinIntoAHistoryLargerThanTheQueueGetsItsWelcomeAndTheNewestMessagesThatFit()
      throws Exception {
    try (Harness h = Harness.start(Harness.unthrottled(ServerConfig.forTests()))) {
      TestClient plain = h.connect("/rooms/heavy");
      for (int i = 1; i <= 3; i++) {
        plain.send(i + ESCAPED);
        assertThat(plain.next()).as("message %d accepted", i).startsWith(Integer.toString(i));
      }

      V1Client late = V1Client.connect(h, "/rooms/heavy");
      late.join("late", null, null);
      JsonNode welcome = late.expect("welcome");
      JsonNode history = late.expect("history");
      List<String> texts = new ArrayList<>();
      history.get("messages").forEach(m -> texts.add(m.get("text").asText()));

      assertThat(texts).as("the newest messages that fit").isNotEmpty();
      List<Long> ids = new ArrayList<>();
      history.get("messages").forEach(m -> ids.add(m.get("id").asLong()));
      assertThat(ids).as("oldest first").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
      assertThat(texts.get(texts.size() - 1)).as("the newest is there").startsWith("3");
      assertThat(texts).as("not all of them fit").hasSizeLessThan(3);
      assertThat(history.get("gap").asBoolean()).as("the rest is reported as a gap").isTrue();
      assertThat(welcome.get("lastId").asLong())
          .isEqualTo(history.get("messages").get(texts.size() - 1).get("id").asLong());

      plain.send("after the join");
      assertThat(late.expect("message").get("text").asText()).isEqualTo("after the join");
      assertThat(late.socket.closeCode()).as("still open").isEqualTo(-1);
    }
  }
}
