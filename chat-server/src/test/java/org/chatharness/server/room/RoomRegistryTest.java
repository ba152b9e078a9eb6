package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rooms beyond the limit are forgotten, but never one that a connection holds. */
@Timeout(10)
class RoomRegistryTest {
  private final ChatMetrics metrics = new ChatMetrics();
  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();

  @BeforeEach
  void startScheduler() throws Exception {
    scheduler.start();
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.stop();
    metrics.stop();
  }

  @Test
  void aHeldRoomIsNotForgottenToMakeSpaceForAnother() {
    RoomRegistry rooms =
        new RoomRegistry(10, 1 << 20, 1, metrics, new Timer(scheduler, Runnable::run));
    Room held = rooms.hold("held");
    Room other = rooms.hold("other");
    assertThat(rooms.find("held")).as("held, so kept past the limit").containsSame(held);
    assertThat(rooms.find("other")).containsSame(other);
    assertThat(rooms.canHost("third")).as("every room is held").isFalse();
  }

  @Test
  void aReleasedRoomIsForgottenWhenANewOneNeedsItsPlace() {
    RoomRegistry rooms =
        new RoomRegistry(10, 1 << 20, 1, metrics, new Timer(scheduler, Runnable::run));
    rooms.release(rooms.hold("left"));
    assertThat(rooms.canHost("next")).isTrue();
    Room next = rooms.hold("next");
    assertThat(rooms.find("left")).as("no one holds it").isEmpty();
    assertThat(rooms.find("next")).containsSame(next);
    assertThat(rooms.size()).isEqualTo(1);
  }

  @Test
  void aRoomHeldTwiceStaysUntilBothRelease() {
    RoomRegistry rooms =
        new RoomRegistry(10, 1 << 20, 1, metrics, new Timer(scheduler, Runnable::run));
    Room twice = rooms.hold("twice");
    assertThat(rooms.hold("twice")).isSameAs(twice);
    rooms.release(twice);
    rooms.hold("newcomer");
    assertThat(rooms.find("twice")).as("one hold is left").containsSame(twice);
  }
}
