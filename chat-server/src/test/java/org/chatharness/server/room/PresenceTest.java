package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatharness.server.codec.RoomEvent;
import org.chatharness.server.support.TestMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who is online: names here and elsewhere, changes told only when they change something. */
@Timeout(5)
class PresenceTest {
  private final List<String> batchesScheduled = new ArrayList<>();
  private final Presence presence = new Presence(() -> batchesScheduled.add("due"));

  @Test
  void aSmallRoomHearsEachChangeWithTheListOfWhoIsOnline() {
    presence.admit("alice", TestMember.v1("alice", null, 1000));
    RoomEvent event = presence.announce("join", "alice");
    assertThat(event).isEqualTo(new RoomEvent.Presence("join", "alice", List.of("alice")));
    assertThat(batchesScheduled).isEmpty();
  }

  @Test
  void aLargeRoomGathersChangesIntoOneBatchThatSaysWhatEachIsNow() {
    for (int i = 0; i <= Room.PRESENCE_LIST_LIMIT; i++) {
      presence.admit("u" + i, TestMember.v1("u" + i, null, 1000));
    }
    assertThat(presence.announce("join", "u0")).as("over the limit: batched").isNull();
    TestMember late = TestMember.v1("late", null, 1000);
    presence.admit("late", late);
    assertThat(presence.announce("join", "late")).isNull();
    presence.release(late);
    assertThat(presence.announce("leave", "late")).isNull();
    assertThat(batchesScheduled).as("one batch for all three").hasSize(1);

    assertThat(presence.takeBatch())
        .isEqualTo(new RoomEvent.PresenceChanges(List.of("u0"), List.of("late")));
    assertThat(presence.takeBatch()).as("taken").isNull();
  }

  @Test
  void aNameIsOnlineWhileAnyNodeHoldsItAndOnlyChangesAreReported() {
    presence.admit("alice", TestMember.v1("alice", "k1", 1000));
    assertThat(presence.remote(true, "alice", "node-b")).as("online here already").isFalse();
    assertThat(presence.remote(true, "bob", "node-b")).isTrue();
    assertThat(presence.remote(true, "bob", "node-c")).as("a second node").isFalse();
    assertThat(presence.remote(false, "bob", "node-b")).isFalse();
    assertThat(presence.remote(false, "bob", "node-c")).as("its last node").isTrue();
    assertThat(presence.remote(false, "bob", "node-c")).as("once").isFalse();
    assertThat(presence.online()).containsExactly("alice");
  }

  @Test
  void aFreshReadingOfOtherNodesReportsWhoCameAndWhoWent() {
    presence.seedRemote(Map.of("bob", Set.of("node-b"), "carol", Set.of("node-b")));
    assertThat(presence.online()).containsExactlyInAnyOrder("bob", "carol");
    Map<String, Boolean> changes =
        presence.replaceRemote(Map.of("carol", Set.of("node-c"), "dave", Set.of("node-c")));
    assertThat(changes).containsExactlyInAnyOrderEntriesOf(Map.of("bob", false, "dave", true));
  }
}
