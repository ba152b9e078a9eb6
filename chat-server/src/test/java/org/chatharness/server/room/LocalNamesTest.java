package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.chatharness.server.codec.Protocol;
import org.chatharness.server.fanout.Member;
import org.chatharness.server.outbound.OutboundQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A room's names on one node: one owner per name, several connections of that owner. */
@Timeout(5)
class LocalNamesTest {
  private final LocalNames names = new LocalNames();

  /** A connection as a room sees it; nothing is ever sent to it here. */
  private record Window(String name, String owner) implements Member {
    @Override
    public OutboundQueue outbound() {
      throw new UnsupportedOperationException("not sent to");
    }

    @Override
    public Protocol protocol() {
      return Protocol.V1;
    }

    @Override
    public void onSlowConsumer() {}

    @Override
    public void onMissedMessages() {}
  }

  @Test
  void theOwnersWindowsShareANameThatGoesWithTheLastOfThem() {
    Window first = new Window("alice", "k1");
    Window second = new Window("alice", "k1");
    assertThat(names.admit("alice", first)).isEqualTo(JoinResult.JOINED);
    assertThat(names.admit("alice", second)).isEqualTo(JoinResult.JOINED);
    assertThat(names.names()).as("listed once").containsExactly("alice");

    assertThat(names.release(first)).isTrue();
    assertThat(names.holds("alice")).as("the second window still holds it").isTrue();
    assertThat(names.release(second)).isTrue();
    assertThat(names.holds("alice")).isFalse();
    assertThat(names.release(second)).as("released once").isFalse();
  }

  @Test
  void anotherKeyOrNoKeyIsRefusedAndAKeylessNameIsOneConnections() {
    names.admit("alice", new Window("alice", "k1"));
    assertThat(names.admit("alice", new Window("alice", "k2"))).isEqualTo(JoinResult.NAME_TAKEN);
    assertThat(names.admit("alice", new Window("alice", null))).isEqualTo(JoinResult.NAME_TAKEN);

    names.admit("bob", new Window("bob", null));
    assertThat(names.admit("bob", new Window("bob", null))).isEqualTo(JoinResult.NAME_TAKEN);
    assertThat(names.admit("bob", new Window("bob", "k1"))).isEqualTo(JoinResult.NAME_TAKEN);
  }

  @Test
  void oneOwnerHasAtMostTheLimitOfConnectionsUnderAName() {
    for (int i = 0; i < Room.MAX_CONNECTIONS_PER_NAME; i++) {
      assertThat(names.admit("alice", new Window("alice", "k1"))).isEqualTo(JoinResult.JOINED);
    }
    assertThat(names.admit("alice", new Window("alice", "k1")))
        .isEqualTo(JoinResult.TOO_MANY_CONNECTIONS);
  }
}
