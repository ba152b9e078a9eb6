package org.chatharness.conformance.checks.v1;

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
 * docs/PROTOCOL.md, {@code send}, {@code message}, {@code ack}: acknowledged sends, one order per
 * room, duplicate suppression of re-sent client ids (keyed by the sender's key), and plain and
 * chat.v1 clients in one room.
 */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class MessageChecks {

  @Test
  @DisplayName(
      "a send is acked with its id, and every member gets the message with that id, ts, from, text"
          + " and cid")
  void aSendIsAckedAndReachesEveryMemberWithItsFields(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "send");
    String alice = room.person("alice");
    V1Client sender = room.join(alice).client();
    V1Client bob = room.join(room.person("bob")).client();

    sender.send("m-1", "hello, room");

    V1Client.Sent sent = sender.awaitAckAndMessage("m-1");
    JsonNode ack = sent.ack();
    JsonNode own = sent.message();
    assertThat(ack.path("duplicate").asBoolean(true)).as("ack.duplicate").isFalse();
    for (JsonNode message : List.of(own, bob.awaitMessage("hello, room"))) {
      assertThat(message.path("id").asLong())
          .as("message.id is the ack's id")
          .isEqualTo(ack.path("id").asLong());
      assertThat(message.path("from").asText()).as("message.from").isEqualTo(alice);
      assertThat(message.path("cid").asText()).as("message.cid").isEqualTo("m-1");
      assertThat(message.path("ts").asLong())
          .as("message.ts: the server's clock in milliseconds")
          .isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis() + 600_000);
    }
  }

  @Test
  @DisplayName("ids increase, and every member gets the room's messages in one order")
  void idsIncreaseAndEveryMemberSeesOneOrder(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "order");
    V1Client alice = room.join(room.person("alice")).client();
    V1Client bob = room.join(room.person("bob")).client();
    V1Client carol = room.join(room.person("carol")).client();
    int each = Math.min(10, clients.target().sendBudget() - 1);

    OneOrder.sendAtOnce(alice, bob, each);

    OneOrder.assertEveryMemberSeesOneOrder(List.of(alice, bob, carol), 2 * each);
  }

  @Test
  @DisplayName("a plain client's text reaches chat.v1 members as a message from null, without cid")
  void aPlainClientsTextReachesV1MembersFromNull(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "mixed");
    V1Client alice = room.join(room.person("alice")).client();
    PlainClient plain = clients.plain(Target.roomUri(clients.target().url(), room.name()));

    plain.send("from a plain client");

    JsonNode message = alice.awaitMessage("from a plain client");
    assertThat(message.path("from").isNull()).as("message.from: %s", message).isTrue();
    assertThat(message.has("cid")).as("message has a cid: %s", message).isFalse();
  }

  @Test
  @DisplayName(
      "a chat.v1 send reaches plain clients as its bare text, and they are sent nothing else")
  void aV1SendReachesPlainClientsAsItsBareText(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "bare");
    URI socket = Target.roomUri(clients.target().url(), room.name());
    PlainRoom plainRoom = new PlainRoom(clients, socket);
    PlainClient plain = plainRoom.joinReady(1).get(0);
    V1Room.Joined alice = room.join(room.person("alice"));
    String first = plainRoom.text("first");
    String second = plainRoom.text("second");

    alice.client().send("b-1", first);
    room.join(room.person("bob")).client().close();
    alice.client().send("b-2", second);

    List<String> received = new ArrayList<>();
    PlainClient.Received next;
    while ((next = plain.poll(Bounds.DELIVERY)) != null) {
      received.add(next.text());
      if (next.text().equals(second)) {
        break;
      }
    }
    assertThat(received.stream().filter(t -> !t.startsWith(plainRoom.text("probe"))).toList())
        .as("what the plain client received: the texts alone, no presence, no JSON")
        .containsExactly(first, second);
  }

  @Test
  @DisplayName(
      "a cid re-sent by its sender (same key, new connection) is acked as a duplicate with its first"
          + " id, and not broadcast again")
  void aResentCidIsAckedAsADuplicateAndNotBroadcastAgain(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "dedupe");
    String alice = room.person("alice");
    String key = V1Room.newKey();
    URI node = clients.target().url();
    V1Client first = room.join(node, alice, key, null).client();
    V1Client bob = room.join(room.person("bob")).client();
    first.send("d-1", "once");
    long id = first.awaitAck("d-1").path("id").asLong();
    first.close();

    V1Client again = room.join(node, alice, key, null).client();
    again.send("d-1", "once");
    JsonNode ack = again.awaitAck("d-1");
    again.send("d-2", "after the re-send");

    assertThat(ack.path("duplicate").asBoolean()).as("ack.duplicate of the re-send").isTrue();
    assertThat(ack.path("id").asLong()).as("the re-send's id is the first one's").isEqualTo(id);
    assertThat(bob.messagesUntil("after the re-send"))
        .as("what bob received")
        .extracting(m -> m.path("text").asText())
        .containsExactly("once", "after the re-send");
  }

  @Test
  @DisplayName("the same cid from another sender (another key) is a message of its own")
  void theSameCidFromAnotherSenderIsNotADuplicate(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "other-cid");
    V1Client alice = room.join(room.person("alice")).client();
    V1Client bob = room.join(room.person("bob")).client();
    alice.send("same-1", "from alice");
    long aliceId = alice.awaitAck("same-1").path("id").asLong();

    bob.send("same-1", "from bob");
    JsonNode ack = bob.awaitAck("same-1");

    assertThat(ack.path("duplicate").asBoolean(true)).as("ack.duplicate").isFalse();
    assertThat(ack.path("id").asLong()).as("bob's id").isGreaterThan(aliceId);
    alice.awaitMessage("from bob");
  }

  @Test
  @DisplayName(
      "a keyless sender's cids are deduplicated within its connection only: a new connection under"
          + " the same name sends the same cid as a new message")
  void aKeylessSendersCidsAreDeduplicatedWithinItsConnectionOnly(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "keyless");
    String carol = room.person("carol");
    URI node = clients.target().url();
    V1Client watcher = room.join(room.person("watcher")).client();
    V1Client first = room.join(node, carol, null, null).client();
    first.send("k-1", "keyless");
    long id = first.awaitAck("k-1").path("id").asLong();
    first.send("k-1", "keyless");
    JsonNode resent = first.awaitAck("k-1");
    assertThat(resent.path("duplicate").asBoolean())
        .as("a re-send on the same connection")
        .isTrue();
    assertThat(resent.path("id").asLong()).as("its id").isEqualTo(id);
    first.close();

    V1Client second = room.joinOnceFree(node, carol, null, null).client();
    second.send("k-1", "keyless again");
    JsonNode ack = second.awaitAck("k-1");

    assertThat(ack.path("duplicate").asBoolean(true))
        .as("the same cid from a new keyless connection: %s", ack)
        .isFalse();
    watcher.awaitMessage("keyless again");
  }

  @Test
  @DisplayName(
      "a name taken over with another key once free does not inherit the old holder's cids")
  void aNameTakenOverWithAnotherKeyDoesNotInheritItsCids(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "new-holder");
    String alice = room.person("alice");
    URI node = clients.target().url();
    V1Client watcher = room.join(room.person("watcher")).client();
    V1Client holder = room.join(node, alice, V1Room.newKey(), null).client();
    holder.send("h-1", "from the first holder");
    holder.awaitAck("h-1");
    holder.close();

    V1Client next = room.joinOnceFree(node, alice, V1Room.newKey(), null).client();
    next.send("h-1", "from the next holder");
    JsonNode ack = next.awaitAck("h-1");

    assertThat(ack.path("duplicate").asBoolean(true))
        .as("the same cid under the same name but another key: %s", ack)
        .isFalse();
    watcher.awaitMessage("from the next holder");
  }
}
