package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose link to Redis stalls while the room goes on falls behind the stream's trim point: it
 * must not skip what was trimmed in silence, but close its members, who resume with a gap.
 */
@Timeout(90)
class FallingBehindTest {
  private static final int STREAM_LENGTH = 5;
  private static final int MISSED = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final TwoNodes nodes =
      TwoNodes.eachTest(
          config ->
              config
                  .rateLimit(1_000_000, 1_000_000)
                  .historySize(3)
                  .brokerStreamLength(STREAM_LENGTH));

  @BeforeEach
  void makeShortStreamsShort() {
    // Redis trims a stream by whole nodes of entries: small nodes make a short stream short.
    nodes.redis().inspect(redis -> redis.configSet("stream-node-max-entries", "2"));
  }

  @Test
  void aNodeBehindTheTrimPointClosesItsMembersAndTheyResumeWithAGap() throws Exception {
    V1Client sender = V1Client.joined(nodes.a(), "/rooms/lag", "sender", "sender-key-0123456789");
    TestClient plain = TestClient.connect(nodes.b().client, nodes.b().ws("/rooms/lag"));
    plain.awaitOwnEcho();
    V1Client bob = V1Client.joined(nodes.b(), "/rooms/lag", "bob", "bob-key-0123456789");
    sender.send("before", "before the stall");
    long lastSeen = bob.nextOfType("message").get("id").asLong();

    nodes.linkOfB().pause();
    for (int i = 1; i <= MISSED; i++) {
      sender.send("m" + i, "during the stall " + i);
      // Node a keeps up: its own reader delivers each before the next, a stream length apart.
      sender.awaitMessage("m" + i);
    }
    nodes.linkOfB().resume();

    List<String> received = bob.socket.untilClosed();
    assertThat(bob.socket.closeCode())
        .as("bob's node fell behind the trim point and says so; bob got %s", received)
        .isEqualTo(1013);
    assertThat(received.size()).as("bob did not get everything").isLessThan(MISSED);
    plain.untilClosed();
    assertThat(plain.closeCode()).as("plain members are closed too").isEqualTo(1013);
    for (String text : received) {
      JsonNode message = JSON.readTree(text);
      if (message.path("type").asText().equals("message")) {
        lastSeen = message.get("id").asLong();
      }
    }

    V1Client back = V1Client.connect(nodes.b(), "/rooms/lag");
    back.join("bob", "bob-key-0123456789", lastSeen);
    back.expect("welcome");
    JsonNode history = back.expect("history");
    assertThat(history.get("gap").asBoolean()).as("what was trimmed is reported missed").isTrue();
    assertThat(history.get("messages").get(history.get("messages").size() - 1).get("text").asText())
        .isEqualTo("during the stall " + MISSED);
  }
}
