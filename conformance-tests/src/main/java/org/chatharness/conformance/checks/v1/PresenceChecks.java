package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/PROTOCOL.md, {@code presence}: joins and leaves of names, with the online list. */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class PresenceChecks {

  @Test
  @DisplayName(
      "a join is announced to the others with the online list, and not to the one who joined")
  void aJoinIsAnnouncedToTheOthersWithTheOnlineList(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "presence-join");
    String alice = room.person("alice");
    String bob = room.person("bob");
    V1Client aliceClient = room.join(alice).client();

    V1Client bobClient = room.join(bob).client();

    JsonNode join = aliceClient.nextOfType("presence");
    assertThat(join.path("event").asText()).as("event").isEqualTo("join");
    assertThat(join.path("name").asText()).as("name").isEqualTo(bob);
    assertThat(join.path("online"))
        .as("online")
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(alice, bob);
    bobClient.send("p-1", "marker");
    List<JsonNode> toBob = bobClient.everythingBefore("marker");
    assertThat(toBob)
        .as("bob is not told of his own join")
        .noneMatch(m -> "presence".equals(m.path("type").asText()));
  }

  @Test
  @DisplayName("a leave is announced when a client closes, with the online list")
  void aLeaveIsAnnouncedWhenAClientCloses(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "presence-leave");
    String alice = room.person("alice");
    String bob = room.person("bob");
    V1Client aliceClient = room.join(alice).client();
    V1Client bobClient = room.join(bob).client();
    aliceClient.nextOfType("presence");

    bobClient.close();

    JsonNode leave = aliceClient.nextOfType("presence");
    assertThat(leave.path("event").asText()).as("event").isEqualTo("leave");
    assertThat(leave.path("name").asText()).as("name").isEqualTo(bob);
    assertThat(leave.path("online"))
        .as("online")
        .extracting(JsonNode::asText)
        .containsExactly(alice);
  }

  @Test
  @DisplayName("plain clients are not in the online list")
  void plainClientsAreNotInTheOnlineList(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "presence-plain");
    // In the room for certain (it has received a message there), so leaving it out of the list
    // means
    // something.
    new PlainRoom(clients, Target.roomUri(clients.target().url(), room.name())).joinReady(1);
    String alice = room.person("alice");

    V1Room.Joined joined = room.join(alice);

    assertThat(joined.welcome().path("online"))
        .as("online")
        .extracting(JsonNode::asText)
        .containsExactly(alice);
  }
}
