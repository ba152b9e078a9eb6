package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/PROTOCOL.md, {@code join}: the first message, answered with welcome and history. */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class JoinChecks {

  @Test
  @DisplayName(
      "join is answered with welcome (room, name, online, lastId, historyLimit, maxMessageSize),"
          + " then history")
  void joinIsAnsweredWithWelcomeThenHistory(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "join");
    String alice = room.person("alice");

    V1Room.Joined joined = room.join(alice);

    JsonNode welcome = joined.welcome();
    assertThat(welcome.path("room").asText()).as("welcome.room").isEqualTo(room.name());
    assertThat(welcome.path("name").asText()).as("welcome.name").isEqualTo(alice);
    assertThat(welcome.path("online"))
        .as("welcome.online")
        .extracting(JsonNode::asText)
        .containsExactly(alice);
    assertThat(welcome.path("lastId").isIntegralNumber())
        .as("welcome.lastId is a number: %s", welcome)
        .isTrue();
    assertThat(welcome.path("historyLimit").isInt())
        .as("welcome.historyLimit: %s", welcome)
        .isTrue();
    assertThat(welcome.path("maxMessageSize").asInt()).as("welcome.maxMessageSize").isPositive();
    assertThat(joined.history().path("messages").isArray())
        .as("history.messages: %s", joined.history())
        .isTrue();
    assertThat(joined.history().path("messages")).as("history of a new room").isEmpty();
    assertThat(joined.history().path("gap").asBoolean(true)).as("history.gap").isFalse();
  }

  @Test
  @DisplayName("the root path / is the room lobby")
  void theRootPathIsTheRoomLobby(Clients clients) throws Exception {
    URI page = clients.target().url();
    V1Client atRoot = clients.v1(Target.socketUri(page, page.getRawPath()));
    String name = new V1Room(clients, "lobby").person("root");

    JsonNode welcome = atRoot.join(name, V1Room.newKey(), null);

    assertThat(welcome.path("room").asText()).as("the room of /").isEqualTo("lobby");
  }

  @Test
  @DisplayName("a send before join gets error not_joined naming its cid, and is not sent")
  void aSendBeforeJoinGetsNotJoined(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "not-joined");
    V1Client early = room.connect();

    early.send("early-1", "too early");

    JsonNode error = early.awaitError("not_joined");
    assertThat(error.path("cid").asText()).as("the error names the cid").isEqualTo("early-1");
    V1Room.Joined later = room.join(room.person("late"));
    assertThat(later.history().path("messages")).as("the room's history").isEmpty();
  }

  @Test
  @DisplayName("a second join on one connection gets error already_joined")
  void aSecondJoinOnOneConnectionGetsAlreadyJoined(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "twice");
    V1Room.Joined alice = room.join(room.person("alice"));

    alice.client().sendJoin(room.person("other"), null, null);

    alice.client().awaitError("already_joined");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " lead", "trail ", "a/b", "<b>", "abcdefghijklmnopqrstuvwxyz0123456"})
  @DisplayName(
      "a name that breaks the rules gets error name_invalid, and the client may join again")
  void anInvalidNameGetsNameInvalidAndTheClientMayJoinAgain(String name, Clients clients)
      throws Exception {
    V1Room room = new V1Room(clients, "names");
    V1Client client = room.connect();

    client.sendJoin(name, null, null);
    client.awaitError("name_invalid");

    assertThat(client.join(room.person("valid"), null, null).path("type").asText())
        .as("a join with a valid name afterwards")
        .isEqualTo("welcome");
  }

  @Test
  @DisplayName("unknown fields are ignored")
  void unknownFieldsAreIgnored(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "fields");
    V1Client client = room.connect();
    String name = room.person("alice");

    client.sendRaw("{\"type\":\"join\",\"name\":\"" + name + "\",\"colour\":\"red\"}");
    client.expect("welcome");
    client.sendRaw("{\"type\":\"send\",\"cid\":\"f-1\",\"text\":\"hi\",\"mood\":\"happy\"}");

    assertThat(client.awaitAck("f-1").path("duplicate").asBoolean(true)).isFalse();
  }
}
