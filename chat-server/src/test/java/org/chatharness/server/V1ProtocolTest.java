package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.config.Limits;
import org.chatharness.server.room.Room;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** chat.v1: join, presence, acknowledged sends, ids, errors, and plain clients beside v1 ones. */
@Timeout(60)
class V1ProtocolTest {
  private static final Duration QUIET = Duration.ofMillis(300);

  @Test
  void aJoiningClientIsWelcomedWithWhoIsOnlineAndTheOthersAreTold() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client alice = V1Client.joined(h, "/rooms/red", "alice");
      V1Client bob = V1Client.connect(h, "/rooms/red");
      bob.join("bob", null, null);

      JsonNode welcome = bob.expect("welcome");
      assertThat(welcome.get("room").asText()).isEqualTo("red");
      assertThat(welcome.get("name").asText()).isEqualTo("bob");
      assertThat(names(welcome.get("online"))).containsExactly("alice", "bob");
      assertThat(welcome.get("historyLimit").asInt()).isEqualTo(Limits.defaults().historySize());
      assertThat(welcome.get("maxMessageSize").asInt())
          .isEqualTo(Limits.defaults().maxMessageBytes());
      JsonNode history = bob.expect("history");
      assertThat(history.get("messages")).isEmpty();
      assertThat(history.get("gap").asBoolean()).isFalse();

      JsonNode joined = alice.expect("presence");
      assertThat(joined.get("event").asText()).isEqualTo("join");
      assertThat(joined.get("name").asText()).isEqualTo("bob");
      assertThat(names(joined.get("online"))).containsExactly("alice", "bob");

      bob.close();
      JsonNode left = alice.expect("presence");
      assertThat(left.get("event").asText()).isEqualTo("leave");
      assertThat(left.get("name").asText()).isEqualTo("bob");
      assertThat(names(left.get("online"))).containsExactly("alice");
    }
  }

  @Test
  void aSendIsAcknowledgedWithItsIdAndBroadcastWithSenderTimeAndClientId() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client alice = V1Client.joined(h, "/", "alice");
      V1Client bob = V1Client.joined(h, "/", "bob");
      alice.expect("presence");

      long before = System.currentTimeMillis();
      alice.send("a-1", "hello");
      JsonNode atBob = bob.expect("message");
      assertThat(atBob.get("from").asText()).isEqualTo("alice");
      assertThat(atBob.get("text").asText()).isEqualTo("hello");
      assertThat(atBob.get("cid").asText()).isEqualTo("a-1");
      assertThat(atBob.get("ts").asLong()).isBetween(before, System.currentTimeMillis());

      JsonNode own = alice.expect("message");
      JsonNode ack = alice.expect("ack");
      assertThat(ack.get("cid").asText()).isEqualTo("a-1");
      assertThat(ack.get("id").asLong())
          .isEqualTo(own.get("id").asLong())
          .isEqualTo(atBob.get("id").asLong());
      assertThat(ack.get("duplicate").asBoolean()).isFalse();

      alice.send("a-2", "again");
      assertThat(bob.expect("message").get("id").asLong())
          .as("ids increase by one")
          .isEqualTo(atBob.get("id").asLong() + 1);
    }
  }

  @Test
  void plainAndV1ClientsInOneRoomSeeEachOther() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client v1 = V1Client.joined(h, "/rooms/mixed", "vera");
      TestClient plain = h.connect("/rooms/mixed");

      plain.send("from plain");
      JsonNode message = v1.expect("message");
      assertThat(message.get("from").isNull()).as("a plain sender has no name").isTrue();
      assertThat(message.get("text").asText()).isEqualTo("from plain");
      assertThat(message.has("cid")).isFalse();
      assertThat(plain.next()).isEqualTo("from plain");

      v1.send("v-1", "from v1 <b>");
      assertThat(plain.next()).as("plain clients get the bare text").isEqualTo("from v1 <b>");
      assertThat(plain.poll(QUIET)).as("no presence, acks or JSON for plain clients").isNull();
    }
  }

  @Test
  void roomsAreIsolated() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client red = V1Client.joined(h, "/rooms/red", "alice");
      V1Client blue = V1Client.joined(h, "/rooms/blue", "alice");
      red.send("r-1", "red only");
      red.expect("message");
      blue.expectSilence(QUIET);
    }
  }

  @Test
  void aNameInUseIsRefusedToAnotherKeyAndToNoKey() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client first = V1Client.joined(h, "/", "alice", "k".repeat(20));
      V1Client keyless = V1Client.joined(h, "/", "bob");

      V1Client impostor = V1Client.joining(h, "/", "alice", "x".repeat(20));
      assertThat(impostor.expect("error").get("code").asText()).isEqualTo("name_taken");
      impostor.join("alice", null, null);
      assertThat(impostor.expect("error").get("code").asText()).isEqualTo("name_taken");
      impostor.join("bob", null, null);
      assertThat(impostor.expect("error").get("code").asText())
          .as("a keyless name is one connection's")
          .isEqualTo("name_taken");
      impostor.join("alicia", null, null);
      assertThat(impostor.expect("welcome").get("name").asText())
          .as("may retry with another name")
          .isEqualTo("alicia");
      assertThat(first.socket.closeCode()).isEqualTo(-1);
      assertThat(keyless.socket.closeCode()).isEqualTo(-1);
    }
  }

  @Test
  void aSecondWindowOfOnePersonJoinsBesideTheFirstAndBothChat() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      String key = "k".repeat(20);
      V1Client watcher = V1Client.joined(h, "/", "watcher");
      V1Client first = V1Client.joined(h, "/", "alice", key);
      assertThat(watcher.expect("presence").get("name").asText()).isEqualTo("alice");

      V1Client second = V1Client.connect(h, "/");
      second.join("alice", key, null);
      assertThat(names(second.expect("welcome").get("online")))
          .as("listed once")
          .containsExactly("watcher", "alice");
      second.expect("history");
      first.send("w-1", "from the first window");
      second.send("w-2", "from the second window");
      for (V1Client everyone : List.of(watcher, first, second)) {
        assertThat(List.of(texts(everyone), texts(everyone)))
            .as("every window gets every window's message")
            .containsExactlyInAnyOrder("from the first window", "from the second window");
      }
      watcher.expectSilence(QUIET);
      assertThat(first.socket.closeCode()).as("nobody was closed").isEqualTo(-1);

      first.close();
      assertThat(first.socket.awaitClose(TestClient.WAIT)).isTrue();
      h.awaitReportedConnections(2);
      second.send("w-3", "the second window stays");
      assertThat(watcher.next().get("text").asText())
          .as("no leave while a window is open")
          .isEqualTo("the second window stays");

      second.close();
      JsonNode left = watcher.expect("presence");
      assertThat(left.get("event").asText()).isEqualTo("leave");
      assertThat(left.get("name").asText()).isEqualTo("alice");
      assertThat(names(left.get("online"))).containsExactly("watcher");
    }
  }

  @Test
  void onePersonHasAtMostThirtyTwoWindowsInARoom() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      String key = "k".repeat(20);
      List<V1Client> windows = new ArrayList<>();
      for (int i = 0; i < Room.MAX_CONNECTIONS_PER_NAME; i++) {
        windows.add(V1Client.joined(h, "/", "alice", key));
      }
      V1Client oneMore = V1Client.joining(h, "/", "alice", key);
      JsonNode refused = oneMore.expect("error");
      assertThat(refused.get("code").asText()).isEqualTo("name_taken");
      assertThat(refused.get("message").asText()).contains("32");
      assertThat(windows).allSatisfy(w -> assertThat(w.socket.closeCode()).isEqualTo(-1));
    }
  }

  @Test
  void invalidInputGetsAnErrorNamingTheProblem() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client c = V1Client.connect(h, "/");
      assertThat(errorFor(c, "not json")).isEqualTo("bad_json");
      assertThat(errorFor(c, "[1,2]")).isEqualTo("bad_json");
      assertThat(errorFor(c, "{\"type\":\"dance\"}")).isEqualTo("unknown_type");
      assertThat(errorFor(c, "{\"text\":\"no type\"}")).isEqualTo("unknown_type");
      assertThat(errorFor(c, "{\"type\":\"send\",\"cid\":\"c1\",\"text\":\"early\"}"))
          .isEqualTo("not_joined");
      assertThat(errorFor(c, "{\"type\":\"join\"}")).isEqualTo("bad_field");
      assertThat(errorFor(c, "{\"type\":\"join\",\"name\":\" spaced\"}")).isEqualTo("name_invalid");
      assertThat(errorFor(c, "{\"type\":\"join\",\"name\":\"" + "n".repeat(33) + "\"}"))
          .isEqualTo("name_invalid");
      assertThat(errorFor(c, "{\"type\":\"join\",\"name\":\"ok\",\"since\":\"yesterday\"}"))
          .isEqualTo("bad_field");
      assertThat(c.socket.closeCode()).as("errors alone do not close").isEqualTo(-1);

      // A fresh connection: the strikes above come close to the abuse limit.
      c = V1Client.connect(h, "/");
      c.join("ok", null, null);
      c.expect("welcome");
      c.expect("history");
      assertThat(errorFor(c, "{\"type\":\"join\",\"name\":\"again\"}")).isEqualTo("already_joined");
      assertThat(errorFor(c, "{\"type\":\"send\",\"text\":\"no cid\"}")).isEqualTo("bad_field");
      c.sendRaw("{\"type\":\"send\",\"cid\":\"c2\",\"text\":\"\"}");
      JsonNode empty = c.expect("error");
      assertThat(empty.get("code").asText()).isEqualTo("bad_field");
      assertThat(empty.get("cid").asText()).as("the error names the message").isEqualTo("c2");
      assertThat(c.socket.closeCode()).as("errors alone do not close").isEqualTo(-1);
    }
  }

  @Test
  void repeatedAbuseIsClosedWith1008() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client c = V1Client.connect(h, "/");
      for (int i = 0; i < 11; i++) {
        c.sendRaw("garbage " + i);
      }
      assertThat(c.socket.awaitClose(TestClient.WAIT)).isTrue();
      assertThat(c.socket.closeCode()).isEqualTo(1008);
      assertThat(c.socket.closeReason()).isEqualTo("too many errors");
    }
  }

  @Test
  void sendsOverTheRateLimitAreRefusedWithAnErrorAndNotBroadcast() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().rateLimit(0.5, 3).build();
    try (Harness h = Harness.start(config)) {
      V1Client sender = V1Client.joined(h, "/", "fast");
      V1Client listener = V1Client.joined(h, "/", "listener");
      sender.expect("presence");
      for (int i = 0; i < 5; i++) {
        sender.send("m" + i, "message " + i);
      }
      List<String> acked = new ArrayList<>();
      List<String> limited = new ArrayList<>();
      for (int i = 0; i < 5 + 3; i++) {
        JsonNode reply = sender.next();
        switch (reply.get("type").asText()) {
          case "ack" -> acked.add(reply.get("cid").asText());
          case "error" -> {
            assertThat(reply.get("code").asText()).isEqualTo("rate_limited");
            limited.add(reply.get("cid").asText());
          }
          default -> assertThat(reply.get("type").asText()).isEqualTo("message");
        }
      }
      assertThat(acked).containsExactly("m0", "m1", "m2");
      assertThat(limited).containsExactly("m3", "m4");
      for (int i = 0; i < 3; i++) {
        assertThat(listener.expect("message").get("cid").asText()).isEqualTo("m" + i);
      }
      listener.expectSilence(QUIET);
    }
  }

  @Test
  void sustainedFloodingIsClosedWith1008() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().rateLimit(0.5, 1).build();
    try (Harness h = Harness.start(config)) {
      V1Client flooder = V1Client.joined(h, "/", "flood");
      // One message passes the bucket; the next eleven are refused, and the eleventh strike closes.
      for (int i = 0; i < 12; i++) {
        flooder.send("f" + i, "spam");
      }
      assertThat(flooder.socket.awaitClose(TestClient.WAIT)).isTrue();
      assertThat(flooder.socket.closeCode()).isEqualTo(1008);
    }
  }

  private static String errorFor(V1Client client, String raw) throws Exception {
    client.sendRaw(raw);
    JsonNode error = client.expect("error");
    assertThat(error.get("message").asText()).as("an error explains itself").isNotBlank();
    return error.get("code").asText();
  }

  /** The text of the next chat message, skipping acks. */
  private static String texts(V1Client client) throws Exception {
    return client.nextOfType("message").get("text").asText();
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
