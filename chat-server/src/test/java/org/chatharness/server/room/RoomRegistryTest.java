package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rooms beyond the limit are forgotten, but never one that a connection holds; what a forgotten
 * room kept leaves the budget, and the broker hears of it.
 */
@Timeout(10)
class RoomRegistryTest {
  private final ChatMetrics metrics = new ChatMetrics();
  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
  private final HistoryBudget budget = new HistoryBudget(1 << 20);
  private final List<String> forgotten = new ArrayList<>();

  @BeforeEach
  void startScheduler() throws Exception {
    scheduler.start();
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.stop();
    metrics.stop();
  }

  private RoomRegistry registry(int maxRooms) {
    return new RoomRegistry(
        10, budget, maxRooms, metrics, new Timer(scheduler, Runnable::run), forgotten::add);
  }

  @Test
  void aHeldRoomIsNotForgottenToMakeSpaceForAnother() {
    RoomRegistry rooms = registry(1);
    Room held = rooms.hold("held");
    Room other = rooms.hold("other");
    assertThat(rooms.find("held")).as("held, so kept past the limit").containsSame(held);
    assertThat(rooms.find("other")).containsSame(other);
    assertThat(rooms.canHost("third")).as("every room is held").isFalse();
    assertThat(forgotten).isEmpty();
  }

  @Test
  void aReleasedRoomIsForgottenWhenANewOneNeedsItsPlace() {
    RoomRegistry rooms = registry(1);
    rooms.release(rooms.hold("left"));
    assertThat(rooms.canHost("next")).isTrue();
    Room next = rooms.hold("next");
    assertThat(rooms.find("left")).as("no one holds it").isEmpty();
    assertThat(rooms.find("next")).containsSame(next);
    assertThat(rooms.size()).isEqualTo(1);
    assertThat(forgotten).as("the broker is told").containsExactly("left");
  }

  @Test
  void aRoomHeldTwiceStaysUntilBothRelease() {
    RoomRegistry rooms = registry(1);
    Room twice = rooms.hold("twice");
    assertThat(rooms.hold("twice")).isSameAs(twice);
    rooms.release(twice);
    rooms.hold("newcomer");
    assertThat(rooms.find("twice")).as("one hold is left").containsSame(twice);
  }

  @Test
  void aForgottenRoomsHistoryLeavesTheBudget() {
    RoomRegistry rooms = registry(1);
    Room left = rooms.hold("left");
    rooms.seed("left", List.of(), 0, 0, Map.of()); // numbered from 1 on, as a broker would
    rooms.deliver("left", message(1)).flush();
    assertThat(budget.usedBytes()).isEqualTo(RetainedSize.of(message(1)));
    rooms.release(left);
    rooms.hold("next");
    assertThat(budget.usedBytes()).as("nothing of the forgotten room is counted").isZero();
  }

  @Test
  void aSeedReachesOnlyARoomThatExists() {
    RoomRegistry rooms = registry(10);
    rooms.seed("nowhere", List.of(message(5)), 4, 5, Map.of());
    assertThat(rooms.size()).as("no room is made to be seeded").isZero();
    rooms.hold("here");
    rooms.seed("here", List.of(message(5)), 4, 5, Map.of());
    assertThat(budget.usedBytes()).isEqualTo(RetainedSize.of(message(5)));
  }

  private static ChatMessage message(long id) {
    return new ChatMessage(id, 1, null, "text " + id, null);
  }
}
