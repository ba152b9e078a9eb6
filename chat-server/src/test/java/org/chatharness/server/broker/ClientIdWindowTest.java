package org.chatharness.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.chatharness.server.room.RetainedSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client ids a room remembers: bounded in number, counted in bytes, given up oldest first. */
@Timeout(10)
class ClientIdWindowTest {

  @Test
  void itRemembersTheIdEachClientIdGotAndCountsItsBytes() {
    ClientIdWindow window = new ClientIdWindow();
    long grew = window.put("alice\u0000c1", 41);
    assertThat(window.get("alice\u0000c1")).isEqualTo(41);
    assertThat(grew).isEqualTo(RetainedSize.ofClientId("alice\u0000c1")).isEqualTo(window.bytes());
    assertThat(window.put("alice\u0000c1", 41)).as("the same id again costs nothing").isZero();
  }

  @Test
  void pastItsSizeItForgetsTheOldestAndItsBytesGoWithIt() {
    ClientIdWindow window = new ClientIdWindow();
    long total = 0;
    for (int i = 0; i <= ClientIdWindow.MAX_IDS; i++) {
      total += window.put("c" + i, i);
    }
    assertThat(window.get("c0")).as("the oldest is forgotten").isNull();
    assertThat(window.get("c1")).isEqualTo(1);
    assertThat(total).as("the sum of what each put returned").isEqualTo(window.bytes());
  }

  @Test
  void givingUpBytesForgetsTheOldestFirst() {
    ClientIdWindow window = new ClientIdWindow();
    window.put("old", 1);
    window.put("new", 2);
    long freed = window.giveUp(1);
    assertThat(freed).isEqualTo(RetainedSize.ofClientId("old"));
    assertThat(window.get("old")).isNull();
    assertThat(window.get("new")).isEqualTo(2);
    assertThat(window.giveUp(Long.MAX_VALUE)).isEqualTo(RetainedSize.ofClientId("new"));
    assertThat(window.bytes()).isZero();
  }
}
