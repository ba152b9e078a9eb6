package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes sharing rooms through a real Redis: one order, one set of ids, resume and dedup. */
@Timeout(90)
class ClusterMessagesTest {
  private static final Duration QUIET = Duration.ofMillis(500);

  @RegisterExtension final TwoNodes nodes = TwoNodes.eachTest(config -> config);

  @Test
  void messagesSentOnBothNodesReachEveryoneInOneOrderWithTheSameIds() throws Exception {
    TestClient plainOnB = TestClient.connect(nodes.b().client, nodes.b().ws("/rooms/one"));
    plainOnB.awaitOwnEcho();
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/one", "alice");
    V1Client bob = V1Client.joined(nodes.b(), "/rooms/one", "bob");

    for (int i = 1; i <= 5; i++) {
      alice.send("a" + i, "from a " + i);
      bob.send("b" + i, "from b " + i);
    }

    List<String> seenByAlice = messages(alice, 10);
    List<String> seenByBob = messages(bob, 10);
    assertThat(seenByBob)
        .as("both nodes deliver one order, one id per message")
        .isEqualTo(seenByAlice);
    assertThat(ids(seenByAlice)).as("ids increase across nodes").isSorted().doesNotHaveDuplicates();
    assertThat(seenByAlice.stream().filter(m -> m.endsWith("from a 1")))
        .as("each message once")
        .hasSize(1);
    assertThat(plainOnB.next(10))
        .as("plain clients on the other node get the bare texts, in the same order")
        .containsExactlyElementsOf(seenByAlice.stream().map(m -> m.split(" ", 2)[1]).toList());
  }

  @Test
  void aClientResumingOnTheOtherNodeGetsExactlyWhatItMissed() throws Exception {
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/resume", "alice");
    V1Client bob = V1Client.joined(nodes.a(), "/rooms/resume", "bob");
    alice.send("a1", "before");
    long lastSeen = bob.nextOfType("message").get("id").asLong();

    bob.close();
    assertThat(bob.socket.awaitClose(TestClient.WAIT)).isTrue();
    alice.send("a2", "missed 1");
    alice.send("a3", "missed 2");
    alice.nextOfType("message");
    alice.nextOfType("message");
    alice.nextOfType("message");

    V1Client back = V1Client.connect(nodes.b(), "/rooms/resume");
    // Keyless, so the name may be held until node a has handled bob's close: join again then.
    JsonNode replay = back.joinRetrying("bob", lastSeen);
    assertThat(texts(replay.get("messages"))).containsExactly("missed 1", "missed 2");
    assertThat(replay.get("gap").asBoolean()).isFalse();

    alice.send("a4", "live");
    JsonNode live = back.nextOfType("message");
    assertThat(live.get("text").asText()).isEqualTo("live");
    assertThat(live.get("id").asLong())
        .isGreaterThan(replay.get("messages").get(1).get("id").asLong());
    back.expectSilence(QUIET);
  }

  @Test
  void aClientIdResentThroughTheOtherNodeIsAcknowledgedAsADuplicateOnly() throws Exception {
    String key = "alice-key-0123456789";
    V1Client watcher = V1Client.joined(nodes.b(), "/rooms/dedup", "watcher");
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/dedup", "alice", key);
    alice.send("c1", "once");
    JsonNode first = alice.nextOfType("ack");
    assertThat(first.get("duplicate").asBoolean()).isFalse();
    assertThat(watcher.nextOfType("message").get("id").asLong())
        .isEqualTo(first.get("id").asLong());
    alice.close();
    assertThat(alice.socket.awaitClose(TestClient.WAIT)).isTrue();

    V1Client again = V1Client.joined(nodes.b(), "/rooms/dedup", "alice", key);
    again.send("c1", "once");
    JsonNode second = again.nextOfType("ack");
    assertThat(second.get("duplicate").asBoolean()).isTrue();
    assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());

    again.send("c2", "after");
    assertThat(watcher.nextOfType("message").get("text").asText())
        .as("the duplicate was not broadcast: the next message is the new one")
        .isEqualTo("after");
  }

  /** The next {@code count} messages as "id text", skipping acks and presence. */
  private static List<String> messages(V1Client client, int count) throws Exception {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonNode m = client.nextOfType("message");
      seen.add(m.get("id").asLong() + " " + m.get("text").asText());
    }
    return seen;
  }

  private static List<Long> ids(List<String> messages) {
    return messages.stream().map(m -> Long.parseLong(m.split(" ", 2)[0])).toList();
  }

  private static List<String> texts(JsonNode messages) {
    List<String> texts = new ArrayList<>();
    messages.forEach(m -> texts.add(m.get("text").asText()));
    return texts;
  }
}
