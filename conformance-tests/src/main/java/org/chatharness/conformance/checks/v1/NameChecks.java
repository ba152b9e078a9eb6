package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PresenceEvents;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/PROTOCOL.md, names: a name is held by the open connections that joined with it. Another key,
 * or none, gets {@code name_taken}; the same name and key is the same person in another window,
 * admitted beside the first (nothing closes an existing window).
 */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class NameChecks {

  @Test
  @DisplayName(
      "a name held under another key gets name_taken; the client may join with another name")
  void aNameHeldUnderAnotherKeyGetsNameTaken(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "taken");
    String alice = room.person("alice");
    room.join(alice);
    V1Client impostor = room.connect();

    impostor.sendJoin(alice, V1Room.newKey(), null);

    impostor.awaitError("name_taken");
    assertThat(impostor.join(room.person("mallory"), null, null).path("type").asText())
        .as("a join with another name afterwards")
        .isEqualTo("welcome");
  }

  @Test
  @DisplayName("a held name gets name_taken for a join without a key, whatever its holder's key")
  void aHeldNameGetsNameTakenForAJoinWithoutAKey(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "keyless-taken");
    URI node = clients.target().url();
    String keyed = room.person("keyed");
    String keyless = room.person("keyless");
    room.join(node, keyed, V1Room.newKey(), null);
    room.join(node, keyless, null, null);

    for (String name : new String[] {keyed, keyless}) {
      V1Client other = room.connect();
      other.sendJoin(name, null, null);
      other.awaitError("name_taken");
    }
    V1Client withKey = room.connect();
    withKey.sendJoin(keyless, V1Room.newKey(), null);
    withKey.awaitError("name_taken");
  }

  @Test
  @DisplayName(
      "the same name and key joins as another window: both windows stay open, receive the room's"
          + " messages and can send")
  void theSameNameAndKeyJoinsAsAnotherWindowAndBothChat(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "windows");
    URI node = clients.target().url();
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client first = room.join(node, alice, key, null).client();
    V1Client bob = room.join(room.person("bob")).client();

    V1Room.Joined second = room.join(node, alice, key, null);

    assertThat(second.welcome().path("name").asText())
        .as("the second window's welcome")
        .isEqualTo(alice);
    bob.send("w-1", "from bob");
    first.send("w-2", "from the first window");
    second.client().send("w-3", "from the second window");
    for (V1Client member : new V1Client[] {first, second.client(), bob}) {
      member.awaitMessages("from bob", "from the first window", "from the second window");
    }
    assertThat(first.socket().closedNow()).as("the first window's connection").isNull();
  }

  @Test
  @DisplayName("another window of a name online is not announced, and online lists the name once")
  void anotherWindowIsNotAnnouncedAndTheNameIsListedOnce(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "once");
    URI node = clients.target().url();
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client bob = room.join(room.person("bob")).client();
    room.join(node, alice, key, null);
    bob.nextMatching("presence join of alice", m -> alice.equals(m.path("name").asText()));

    V1Room.Joined second = room.join(node, alice, key, null);
    V1Client carol = room.join(room.person("carol")).client();
    carol.send("o-1", "marker");

    assertThat(second.welcome().path("online"))
        .as("online in the second window's welcome")
        .extracting(JsonNode::asText)
        .containsOnlyOnce(alice);
    List<JsonNode> beforeMarker = bob.everythingBefore("marker");
    assertThat(beforeMarker)
        .as("what bob was told between alice's second window and the marker")
        .noneMatch(
            m ->
                alice.equals(m.path("name").asText())
                    || m.path("joined").toString().contains(alice));
  }

  @Test
  @DisplayName("a name goes offline only when its last window leaves")
  void aNameGoesOfflineOnlyWhenItsLastWindowLeaves(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "last");
    URI node = clients.target().url();
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client bob = room.join(room.person("bob")).client();
    V1Client first = room.join(node, alice, key, null).client();
    V1Client second = room.join(node, alice, key, null).client();

    first.close();
    assertThat(first.socket().awaitClose(Bounds.CLOSE)).as("the first window closed").isNotNull();
    V1Room.Joined carol = room.join(room.person("carol"));
    second.send("l-1", "still here");

    assertThat(carol.welcome().path("online"))
        .as("online after alice closed one of two windows")
        .extracting(JsonNode::asText)
        .contains(alice);
    List<JsonNode> toBob = bob.everythingBefore("still here");
    assertThat(toBob)
        .as("what bob was told after alice closed one of her two windows")
        .noneMatch(
            m ->
                "leave".equals(m.path("event").asText())
                    || m.path("left").toString().contains(alice));
    second.close();

    bob.nextMatching("the leave of alice", PresenceEvents.leaveOf(alice));
  }

  @Test
  @DisplayName("a name is free for another key once its last connection has closed")
  void aNameIsFreeForAnotherKeyOnceItsLastConnectionClosed(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "free");
    URI node = clients.target().url();
    String alice = room.person("alice");
    room.join(node, alice, V1Room.newKey(), null).client().close();

    V1Room.Joined next = room.joinOnceFree(node, alice, V1Room.newKey(), null);

    assertThat(next.welcome().path("name").asText()).isEqualTo(alice);
  }
}
