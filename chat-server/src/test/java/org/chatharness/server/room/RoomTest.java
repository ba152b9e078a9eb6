package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.support.TestMember;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A room's parts together: a join's snapshot, the live stream after it, presence to the others. */
@Timeout(5)
class RoomTest {
  private final ChatMetrics metrics = new ChatMetrics();
  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
  private final Room room =
      new Room("r", 2, 0, metrics, new Timer(scheduler, Runnable::run), new HistoryBudget(1 << 20));

  @AfterEach
  void stop() throws Exception {
    metrics.stop();
  }

  @Test
  void aJoinGetsWelcomeAndHistoryAndThenTheLiveStream() {
    room.seed(List.of(), 0, 0, Map.of());
    for (long id = 1; id <= 3; id++) {
      room.deliver(new ChatMessage(id, 1, "al", "m" + id, null)).flush();
    }
    TestMember bob = TestMember.v1("bob", null, 10_000);
    assertThat(room.join(bob, "bob", null, 1000)).isEqualTo(JoinResult.JOINED);
    room.deliver(new ChatMessage(4, 1, "al", "m4", null)).flush();

    assertThat(bob.received()).hasSize(3);
    assertThat(bob.received().get(0)).contains("\"type\":\"welcome\"", "\"lastId\":3");
    assertThat(bob.received().get(1))
        .as("the two the room keeps")
        .contains("\"m2\"", "\"m3\"")
        .doesNotContain("\"m1\"");
    assertThat(bob.received().get(2)).contains("\"id\":4");
  }

  @Test
  void othersHearAJoinAndALeaveButNotASecondWindow() {
    TestMember watcher = TestMember.v1("watcher", null, 10_000);
    room.join(watcher, "watcher", null, 1000);
    TestMember first = TestMember.v1("alice", "k1", 10_000);
    TestMember second = TestMember.v1("alice", "k1", 10_000);
    room.join(first, "alice", null, 1000);
    room.join(second, "alice", null, 1000);
    assertThat(room.join(TestMember.v1("alice", "k2", 10_000), "alice", null, 1000))
        .isEqualTo(JoinResult.NAME_TAKEN);
    assertThat(room.leave(first)).as("it held the name").isTrue();
    assertThat(room.leave(second)).isTrue();

    assertThat(watcher.received())
        .filteredOn(text -> text.contains("\"type\":\"presence\""))
        .as("one join, one leave")
        .hasSize(2)
        .satisfiesExactly(
            join -> assertThat(join).contains("\"event\":\"join\""),
            leave -> assertThat(leave).contains("\"event\":\"leave\""));
  }

  @Test
  void aMessageNotNewerThanTheLastReachesNoOne() {
    room.seed(List.of(), 0, 5, Map.of());
    TestMember plain = TestMember.plain(1000);
    room.addPlain(plain);
    room.deliver(new ChatMessage(5, 1, null, "again", null)).flush();
    room.deliver(new ChatMessage(6, 1, null, "new", null)).flush();
    assertThat(plain.received()).containsExactly("new");
  }

  @Test
  void missedMessagesCloseEveryMember() {
    TestMember plain = TestMember.plain(1000);
    room.addPlain(plain);
    room.missed(Long.MAX_VALUE / 2);
    assertThat(plain.missedCloses()).isEqualTo(1);
  }
}
