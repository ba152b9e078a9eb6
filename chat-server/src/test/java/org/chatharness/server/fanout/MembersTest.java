package org.chatharness.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.codec.Delivery;
import org.chatharness.server.codec.RoomEvent;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.chatharness.server.support.TestMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fan-out: each member gets an event in its protocol's encoding, or nothing if it has none. */
@Timeout(5)
class MembersTest {
  private final Members members = new Members();

  @Test
  void aMessageReachesEveryMemberInItsOwnProtocol() {
    TestMember plain = TestMember.plain(1000);
    TestMember v1 = TestMember.v1("vera", null, 1000);
    members.add(plain);
    members.add(v1);
    int recipients =
        members.enqueue(new Delivery(new ChatMessage(7, 1, "vera", "hello", "c1")), null);
    members.flush();

    assertThat(recipients).isEqualTo(2);
    assertThat(plain.received()).containsExactly("hello");
    assertThat(v1.received())
        .containsExactly(
            "{\"type\":\"message\",\"id\":7,\"ts\":1,\"from\":\"vera\",\"text\":\"hello\",\"cid\":\"c1\"}");
  }

  @Test
  void presenceSkipsPlainMembersAndTheOneItIsAbout() {
    TestMember plain = TestMember.plain(1000);
    TestMember alice = TestMember.v1("alice", null, 1000);
    TestMember bob = TestMember.v1("bob", null, 1000);
    List.of(plain, alice, bob).forEach(members::add);
    members.enqueue(
        new Delivery(new RoomEvent.Presence("join", "bob", List.of("alice", "bob"))), bob);
    members.flush();

    assertThat(plain.received()).as("plain clients hear of no presence").isEmpty();
    assertThat(bob.received()).as("not told of its own join").isEmpty();
    assertThat(alice.received()).singleElement().asString().contains("\"event\":\"join\"");
  }

  @Test
  void aWriteThatThrowsClosesItsMemberAndTheRoomGoesOnFlushing() {
    TestMember broken = TestMember.plain(1000);
    TestMember other = TestMember.plain(1000);
    members.add(broken);
    members.add(other);
    broken.session().failWrites();

    members.enqueue(new Delivery(new ChatMessage(1, 1, null, "first", null)), null);
    members.flush();
    members.enqueue(new Delivery(new ChatMessage(2, 2, null, "second", null)), null);
    members.flush();

    assertThat(other.received()).as("every later fan-out too").containsExactly("first", "second");
    assertThat(broken.outbound().offer(OutboundMessage.ofText("x")))
        .as("the member whose write threw is closed")
        .isEqualTo(OutboundQueue.Offer.CLOSED);
  }

  @Test
  void aMemberWhoseQueueOverflowsIsClosedAndTheOthersGetTheMessage() {
    TestMember small = TestMember.plain(3);
    TestMember roomy = TestMember.plain(1000);
    members.add(small);
    members.add(roomy);
    small.session().holdWrites();
    members.enqueue(new Delivery(new ChatMessage(1, 1, null, "four", null)), null);
    members.flush();

    assertThat(small.slowConsumerCloses()).isEqualTo(1);
    assertThat(roomy.received()).containsExactly("four");
  }

  @Test
  void aFanOutWalksTheMembersOfItsMomentWhileOthersComeAndGo() {
    TestMember first = TestMember.plain(1000);
    TestMember second = TestMember.plain(1000);
    members.add(first);
    Member[] before = members.snapshot();
    members.add(second);
    assertThat(before).as("a snapshot is not changed by an add").containsExactly(first);
    assertThat(members.remove(first)).isTrue();
    assertThat(members.remove(first)).isFalse();
    assertThat(members.snapshot()).containsExactly(second);
  }
}
