package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** History for joiners, lossless resume after a reconnect, and duplicate suppression. */
@Timeout(60)
class HistoryAndResumeTest {
  private static final Duration QUIET = Duration.ofMillis(300);

  @Test
  void aLateJoinerGetsTheLastMessagesOfTheRoomOldestFirst() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().historySize(3).build();
    try (Harness h = Harness.start(config)) {
      V1Client early = V1Client.joined(h, "/rooms/h", "early");
      TestClient plain = h.connect("/rooms/h");
      for (int i = 1; i <= 5; i++) {
        early.send("e" + i, "message " + i);
      }
      assertThat(plain.next(5)).as("v1 sends reach plain clients").endsWith("message 5");
      plain.send("plain 6");
      assertThat(plain.next()).isEqualTo("plain 6");

      V1Client late = V1Client.connect(h, "/rooms/h");
      late.join("late", null, null);
      JsonNode welcome = late.expect("welcome");
      JsonNode history = late.expect("history");
      assertThat(texts(history.get("messages")))
          .containsExactly("message 4", "message 5", "plain 6");
      assertThat(history.get("gap").asBoolean()).as("no since: nothing to have missed").isFalse();
      assertThat(welcome.get("lastId").asLong()).isEqualTo(last(history).get("id").asLong());
      assertThat(last(history).get("from").isNull()).isTrue();
    }
  }

  @Test
  void messagesAndAHistoryLargerOnceEncodedThanTheMessageLimitStillArrive() throws Exception {
    // Quotes double in JSON: each 900-character text is about 1,900 bytes as a v1 message, and
    // five of them are a 9 KB history, far over a 1 KiB message limit that only bounds what a
    // client
    // may send. A frame the server refused to send would be a silent loss for every recipient.
    ServerConfig config =
        Harness.unthrottled(
            ServerConfig.forTests().toBuilder().maxMessageBytes(1024).historySize(5).build());
    String quotes = "\"".repeat(470);
    try (Harness h = Harness.start(config)) {
      V1Client sender = V1Client.joined(h, "/rooms/big", "sender");
      TestClient plain = h.connect("/rooms/big");
      for (int i = 1; i <= 5; i++) {
        sender.send("b" + i, i + quotes);
        assertThat(sender.nextOfType("message").get("text").asText()).isEqualTo(i + quotes);
        assertThat(plain.next()).as("plain copy").isEqualTo(i + quotes);
      }

      V1Client late = V1Client.connect(h, "/rooms/big");
      late.join("late", null, null);
      late.expect("welcome");
      assertThat(texts(late.expect("history").get("messages")))
          .containsExactly(1 + quotes, 2 + quotes, 3 + quotes, 4 + quotes, 5 + quotes);
    }
  }

  @Test
  void historySurvivesEveryoneLeavingTheRoom() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client only = V1Client.joined(h, "/rooms/quiet", "only");
      only.send("q1", "still here later");
      only.expect("message");
      only.close();
      assertThat(only.socket.awaitClose(TestClient.WAIT)).isTrue();

      V1Client later = V1Client.connect(h, "/rooms/quiet");
      later.join("later", null, null);
      later.expect("welcome");
      assertThat(texts(later.expect("history").get("messages")))
          .containsExactly("still here later");
    }
  }

  @Test
  void aReconnectingClientGetsExactlyWhatItMissedThenTheLiveStream() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client alice = V1Client.joined(h, "/rooms/r", "alice");
      V1Client bob = V1Client.joined(h, "/rooms/r", "bob");
      alice.expect("presence");
      alice.send("a1", "before");
      long lastSeen = bob.expect("message").get("id").asLong();

      bob.close();
      assertThat(bob.socket.awaitClose(TestClient.WAIT)).isTrue();
      // The server has let go of the name once it announces the leave.
      assertThat(alice.nextOfType("presence").get("event").asText()).isEqualTo("leave");
      alice.send("a2", "missed 1");
      alice.send("a3", "missed 2");
      // Resume only once the server has accepted both.
      alice.awaitAck("a3");

      V1Client back = V1Client.connect(h, "/rooms/r");
      back.join("bob", null, lastSeen);
      back.expect("welcome");
      JsonNode replay = back.expect("history");
      assertThat(texts(replay.get("messages"))).containsExactly("missed 1", "missed 2");
      assertThat(replay.get("gap").asBoolean()).isFalse();
      assertThat(replay.get("messages").get(0).get("id").asLong()).isEqualTo(lastSeen + 1);

      alice.send("a4", "live");
      JsonNode live = back.expect("message");
      assertThat(live.get("text").asText()).isEqualTo("live");
      assertThat(live.get("id").asLong()).isEqualTo(lastSeen + 3);
      back.expectSilence(QUIET);
    }
  }

  @Test
  void aResumeFromBeforeTheHistoryIsToldThereIsAGap() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().historySize(2).build();
    try (Harness h = Harness.start(config)) {
      V1Client alice = V1Client.joined(h, "/", "alice");
      alice.send("s", "seen");
      long lastSeen = alice.expect("message").get("id").asLong();
      for (int i = 1; i <= 4; i++) {
        alice.send("m" + i, "missed " + i);
      }
      alice.awaitAck("m4");
      V1Client back = V1Client.connect(h, "/");
      back.join("bob", null, lastSeen);
      back.expect("welcome");
      JsonNode replay = back.expect("history");
      assertThat(replay.get("gap").asBoolean()).isTrue();
      assertThat(texts(replay.get("messages"))).containsExactly("missed 3", "missed 4");
    }
  }

  @Test
  void aResumeWithAnIdFromBeforeAServerRestartIsAGapAndNewIdsAreLarger() throws Exception {
    long lastSeen;
    try (Harness first = Harness.start(ServerConfig.forTests())) {
      V1Client alice = V1Client.joined(first, "/", "alice");
      alice.send("x", "before restart");
      lastSeen = alice.expect("message").get("id").asLong();
    }
    try (Harness second = Harness.start(ServerConfig.forTests())) {
      V1Client back = V1Client.connect(second, "/");
      back.join("alice", null, lastSeen);
      back.expect("welcome");
      assertThat(back.expect("history").get("gap").asBoolean()).isTrue();
      back.send("y", "after restart");
      assertThat(back.expect("message").get("id").asLong()).isGreaterThan(lastSeen);
    }
  }

  @Test
  void aMessageResentWithTheSameClientIdAndKeyIsAcknowledgedAgainButNotBroadcastTwice()
      throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      String key = "sender-key-0123456789";
      V1Client listener = V1Client.joined(h, "/", "listener");
      V1Client sender = V1Client.joined(h, "/", "sender", key);
      listener.expect("presence");
      sender.send("once-1", "only once");
      long id = sender.expect("message").get("id").asLong();
      sender.expect("ack");
      assertThat(listener.expect("message").get("id").asLong()).isEqualTo(id);

      sender.close();
      assertThat(sender.socket.awaitClose(TestClient.WAIT)).isTrue();
      listener.expect("presence");
      V1Client again = V1Client.connect(h, "/");
      again.join("sender", key, id);
      again.expect("welcome");
      again.expect("history");
      again.send("once-1", "only once");
      JsonNode ack = again.expect("ack");
      assertThat(ack.get("id").asLong()).isEqualTo(id);
      assertThat(ack.get("duplicate").asBoolean()).isTrue();
      listener.expect("presence");
      listener.expectSilence(QUIET);
    }
  }

  @Test
  void aKeylessSendersClientIdsCountOnlyOnItsOwnConnection() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client listener = V1Client.joined(h, "/", "listener");
      V1Client first = V1Client.joined(h, "/", "carol");
      first.send("c-1", "first carol");
      first.send("c-1", "first carol");
      assertThat(first.awaitAck("c-1").get("duplicate").asBoolean()).isFalse();
      assertThat(first.awaitAck("c-1").get("duplicate").asBoolean())
          .as("re-sent on the same connection")
          .isTrue();
      first.close();
      assertThat(first.socket.awaitClose(TestClient.WAIT)).isTrue();
      // Until the server has handled the close, the keyless name is still that connection's.
      V1Client second = V1Client.joinedRetrying(h, "/", "carol");
      second.send("c-1", "another carol");
      assertThat(second.awaitAck("c-1").get("duplicate").asBoolean())
          .as("nothing says a keyless joiner of the same name is the same sender")
          .isFalse();
      assertThat(List.of(messageText(listener), messageText(listener)))
          .containsExactly("first carol", "another carol");
    }
  }

  @Test
  void joinSnapshotAndLiveStreamHaveNoGapAndNoDuplicateUnderConcurrentSends() throws Exception {
    try (Harness h =
        Harness.start(
            Harness.unthrottled(ServerConfig.forTests().toBuilder().historySize(10_000).build()))) {
      TestClient writer = h.connect("/rooms/busy");
      Thread sending =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 500; i++) {
                    writer.send("n" + i);
                  }
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      sending.start();
      V1Client joiner = V1Client.connect(h, "/rooms/busy");
      joiner.join("joiner", null, null);
      joiner.expect("welcome");
      List<String> seen = new ArrayList<>(texts(joiner.expect("history").get("messages")));
      sending.join();
      while (seen.size() < 500) {
        seen.add(joiner.expect("message").get("text").asText());
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        expected.add("n" + i);
      }
      assertThat(seen).containsExactlyElementsOf(expected);
      joiner.expectSilence(QUIET);
    }
  }

  private static String messageText(V1Client client) throws Exception {
    return client.nextOfType("message").get("text").asText();
  }

  private static List<String> texts(JsonNode messages) {
    List<String> texts = new ArrayList<>();
    messages.forEach(m -> texts.add(m.get("text").asText()));
    return texts;
  }

  private static JsonNode last(JsonNode history) {
    JsonNode messages = history.get("messages");
    return messages.get(messages.size() - 1);
  }
}
