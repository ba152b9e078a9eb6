package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chatharness.server.codec.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A room's log: the order kept, a bounded history, and a gap wherever something is missing. */
@Timeout(5)
class RoomLogTest {
  private final HistoryBudget budget = new HistoryBudget(1 << 20);

  /** A log of {@code limit} messages whose next id is 1. */
  private RoomLog log(int limit) {
    RoomLog log = new RoomLog(limit, 0, budget);
    log.seed(List.of(), 0, 0);
    return log;
  }

  @Test
  void aNewRoomsIdsStartAfterTheClockSoTheyGrowAcrossRestarts() {
    assertThat(new RoomLog(10, 1_700_000_000_000L, budget).lastId())
        .isEqualTo(1_700_000_000_000_000L - 1);
  }

  @Test
  void aMessageThatIsNotNewerThanTheLastIsNotKeptTwice() {
    RoomLog log = log(10);
    assertThat(log.append(message(1))).isTrue();
    assertThat(log.append(message(2))).isTrue();
    assertThat(log.append(message(2))).as("delivered again after a failure").isFalse();
    assertThat(log.append(message(1))).isFalse();
    assertThat(log.replay(null).messages()).extracting(ChatMessage::id).containsExactly(1L, 2L);
    assertThat(log.lastId()).isEqualTo(2);
  }

  @Test
  void pastItsLimitTheOldestGoesAndAResumeFromBeforeItHasAGap() {
    RoomLog log = log(3);
    for (long id = 1; id <= 5; id++) {
      log.append(message(id));
    }
    assertThat(log.replay(null).messages()).extracting(ChatMessage::id).containsExactly(3L, 4L, 5L);
    assertThat(log.replay(null).gap())
        .as("a fresh join is not told of what the limit dropped")
        .isFalse();
    assertThat(log.replay(2L).gap()).as("resuming after 2: nothing missed").isFalse();
    assertThat(log.replay(2L).messages()).extracting(ChatMessage::id).containsExactly(3L, 4L, 5L);
    assertThat(log.replay(1L).gap()).as("resuming after 1: 2 is gone").isTrue();
    assertThat(log.replay(4L).messages()).extracting(ChatMessage::id).containsExactly(5L);
  }

  @Test
  void aLogWithoutHistoryKeepsOnlyItsIdsAndAnyResumeIsAGap() {
    RoomLog log = log(0);
    log.append(message(1));
    assertThat(log.replay(null).messages()).isEmpty();
    assertThat(log.replay(0L).gap()).isTrue();
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void whatItKeepsCountsInTheBudgetAndGivingUpTellsLaterJoinsOfAGap() {
    RoomLog log = log(10);
    log.append(message(1));
    log.append(message(2));
    assertThat(budget.usedBytes()).isEqualTo(RetainedSize.of(message(1)) * 2);
    log.giveUp(1);
    assertThat(budget.usedBytes()).as("the oldest went").isEqualTo(RetainedSize.of(message(2)));
    assertThat(log.replay(null).gap()).as("a join without since is told").isTrue();
    log.forget();
    assertThat(budget.usedBytes()).isZero();
    log.append(message(3));
    assertThat(budget.usedBytes()).as("forgotten: it keeps nothing more").isZero();
    assertThat(log.lastId()).as("but its ids go on").isEqualTo(3);
  }

  @Test
  void aSeedReplacesWhatIsKeptAndSetsTheGap() {
    RoomLog log = log(2);
    log.append(message(1));
    log.seed(List.of(message(7), message(8), message(9)), 6, 9);
    assertThat(log.replay(null).messages()).extracting(ChatMessage::id).containsExactly(8L, 9L);
    assertThat(log.replay(7L).gap()).isFalse();
    assertThat(log.replay(6L).gap()).as("7 was cut to fit the limit").isTrue();
    assertThat(budget.usedBytes()).isEqualTo(RetainedSize.of(message(8)) * 2);
    assertThat(log.append(message(9))).as("the seed's last id holds").isFalse();
  }

  @Test
  void missedMessagesAreAGapForAResumeFromBeforeThem() {
    RoomLog log = log(10);
    log.append(message(1));
    log.missed(5);
    assertThat(log.replay(1L).gap()).isTrue();
    assertThat(log.append(message(4))).as("ids up to the missed one are behind").isFalse();
    assertThat(log.append(message(6))).isTrue();
    assertThat(log.replay(5L).gap()).isFalse();
  }

  private static ChatMessage message(long id) {
    return new ChatMessage(id, 1, "al", "m" + id, null);
  }
}
