package org.chatharness.conformance.checks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.OneOrder;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.PresenceEvents;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes of one cluster ({@code chat.url} and {@code chat.url2}) are one chat server to their
 * clients: messages, ids, resume, presence, names and re-sent cids span the nodes
 * (docs/SCALING.md).
 */
@Tag(Profiles.CLUSTER)
@ExtendWith(TargetResolver.class)
@Timeout(90)
class ClusterChecks {

  @Test
  @DisplayName("a chat.v1 message sent on one node reaches members on the other, with the same id")
  void aMessageReachesMembersOnTheOtherNodeWithTheSameId(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "across");
    V1Client alice = room.join(nodes.one, room.person("alice"), V1Room.newKey(), null).client();
    V1Client bob = room.join(nodes.two, room.person("bob"), V1Room.newKey(), null).client();

    alice.send("x-1", "from node one");
    long first = alice.awaitAck("x-1").path("id").asLong();
    assertThat(bob.awaitMessage("from node one").path("id").asLong())
        .as("the id on the other node")
        .isEqualTo(first);
    bob.send("x-2", "from node two");

    alice.awaitMessage("from node two");
  }

  @Test
  @DisplayName("a plain text sent on one node reaches plain clients on the other, both ways")
  void aPlainTextReachesPlainClientsOnTheOtherNode(Clients clients) throws Exception {
    Target target = clients.target();
    PlainRoom one = new PlainRoom(clients, target.socketUri());
    PlainRoom two = new PlainRoom(clients, target.socketUri2());
    PlainClient onOne = one.joinReady(1).get(0);
    PlainClient onTwo = two.joinReady(1).get(0);
    String toTwo = two.text("from node one");
    String toOne = one.text("from node two");

    onOne.send(toTwo);
    onTwo.send(toOne);

    assertThat(two.receiveUntil(onTwo, toTwo)).as("on node two").endsWith(toTwo);
    assertThat(one.receiveUntil(onOne, toOne)).as("on node one").endsWith(toOne);
  }

  @Test
  @DisplayName("members on both nodes get the room's messages in one order of increasing ids")
  void membersOnBothNodesSeeOneOrder(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "one-order");
    V1Client alice = room.join(nodes.one, room.person("alice"), null, null).client();
    V1Client bob = room.join(nodes.two, room.person("bob"), null, null).client();
    V1Client carol = room.join(nodes.one, room.person("carol"), null, null).client();
    V1Client dave = room.join(nodes.two, room.person("dave"), null, null).client();
    int each = Math.min(10, clients.target().sendBudget() - 1);

    OneOrder.sendAtOnce(alice, bob, each);

    OneOrder.assertEveryMemberSeesOneOrder(List.of(carol, dave, alice, bob), 2 * each);
  }

  @Test
  @DisplayName("a client resumes on the other node with what it missed, no gap, no duplicate")
  void aClientResumesOnTheOtherNode(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "move");
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client onOne = room.join(nodes.one, alice, key, null).client();
    V1Client bob = room.join(nodes.two, room.person("bob"), V1Room.newKey(), null).client();
    bob.send("s-1", "seen");
    long seen = onOne.awaitMessage("seen").path("id").asLong();
    onOne.close();
    bob.send("s-2", "missed 1");
    bob.send("s-3", "missed 2");
    bob.awaitAck("s-3");

    V1Room.Joined onTwo = room.join(nodes.two, alice, key, seen);
    bob.send("s-4", "live");

    // The ack comes from Redis, so the other node may not have read "missed 2" from the stream yet
    // when alice joins there: then it arrives live, right after the replay. The rule is the whole
    // sequence: what she missed, then the live stream, each once, in order.
    List<String> received = new ArrayList<>(V1Room.historyTexts(onTwo.history()));
    while (!received.contains("live") && received.size() < 3) {
      received.add(onTwo.client().nextOfType("message").path("text").asText());
    }
    assertThat(received)
        .as("the replay on the other node, then the live stream")
        .containsExactly("missed 1", "missed 2", "live");
    assertThat(onTwo.history().path("gap").asBoolean(true)).as("history.gap").isFalse();
  }

  @Test
  @DisplayName("a join and a leave on one node are announced to members on the other")
  void presenceOnOneNodeIsSeenOnTheOther(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "presence");
    String alice = room.person("alice");
    String bob = room.person("bob");
    V1Client onOne = room.join(nodes.one, alice, null, null).client();

    V1Room.Joined onTwo = room.join(nodes.two, bob, null, null);
    assertThat(onTwo.welcome().path("online"))
        .as("online on node two")
        .extracting(JsonNode::asText)
        .contains(alice, bob);
    onOne.nextMatching(
        "the join of " + bob + " on node one", PresenceEvents.joinOf(bob), Bounds.CLUSTER_PRESENCE);
    onTwo.client().close();
    onOne.nextMatching(
        "the leave of " + bob + " on node one",
        PresenceEvents.leaveOf(bob),
        Bounds.CLUSTER_PRESENCE);
  }

  @Test
  @DisplayName("a name held on one node gets name_taken on the other for another key")
  void aNameHeldOnOneNodeIsTakenOnTheOther(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "names");
    String alice = room.person("alice");
    room.join(nodes.one, alice, V1Room.newKey(), null);
    V1Client impostor = room.connect(nodes.two);

    impostor.sendJoin(alice, V1Room.newKey(), null);

    impostor.awaitError("name_taken");
  }

  @Test
  @DisplayName("the same name and key on both nodes is one person: both windows chat, listed once")
  void theSameNameAndKeyOnBothNodesIsOnePerson(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "windows");
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client first = room.join(nodes.one, alice, key, null).client();
    V1Client second = room.join(nodes.two, alice, key, null).client();

    V1Room.Joined bob = room.join(nodes.two, room.person("bob"), null, null);
    bob.client().send("w-1", "to both windows");
    first.send("w-2", "from window one");
    second.send("w-3", "from window two");

    assertThat(bob.welcome().path("online"))
        .as("online")
        .extracting(JsonNode::asText)
        .containsOnlyOnce(alice);
    for (V1Client member : List.of(first, second, bob.client())) {
      member.awaitMessages("to both windows", "from window one", "from window two");
    }
  }

  @Test
  @DisplayName(
      "a cid re-sent through the other node (same key) is a duplicate with its first id, not"
          + " broadcast again")
  void aCidResentThroughTheOtherNodeIsADuplicate(Clients clients) throws Exception {
    Nodes nodes = new Nodes(clients);
    V1Room room = new V1Room(clients, "resend");
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client watcher = room.join(nodes.one, room.person("watcher"), null, null).client();
    V1Client onOne = room.join(nodes.one, alice, key, null).client();
    onOne.send("r-1", "once");
    long id = onOne.awaitAck("r-1").path("id").asLong();
    onOne.close();

    V1Client onTwo = room.join(nodes.two, alice, key, null).client();
    onTwo.send("r-1", "once");
    JsonNode ack = onTwo.awaitAck("r-1");
    onTwo.send("r-2", "after");

    assertThat(ack.path("duplicate").asBoolean()).as("ack.duplicate: %s", ack).isTrue();
    assertThat(ack.path("id").asLong()).as("the first id").isEqualTo(id);
    assertThat(watcher.messagesUntil("after"))
        .extracting(m -> m.path("text").asText())
        .as("what the watcher received")
        .containsExactly("once", "after");
  }

  /** The pages of the two nodes. */
  private static final class Nodes {
    final URI one;
    final URI two;

    Nodes(Clients clients) {
      one = clients.target().url();
      two = clients.target().requireUrl2();
    }
  }
}
