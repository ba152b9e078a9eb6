package org.chatharness.load.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.codec.V1Codec;
import org.junit.jupiter.api.Test;

/** The chaos books: a loss, a double or an unacknowledged message must never pass. */
class ChaosLedgerTest {
  private static final long LAST = 1_764_000_000_000_000L;
  private final V1Protocol v1 = new V1Protocol("t");
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final ChaosLedger ledger = new ChaosLedger(v1, 2, 1, 2, clock::get);
  private final List<Long> inRoom = new ArrayList<>();

  @Test
  void aUserWhoGotEveryAcknowledgedMessageOnceIsComplete() {
    join(1, 0);
    join(2, 1);
    long a = ledger.newMessage(1);
    long b = ledger.newMessage(1);
    ack(1, a, LAST + 1, false);
    ack(1, b, LAST + 2, false);
    for (long user : List.of(1L, 2L)) {
      deliver(user, LAST + 1, a);
      deliver(user, LAST + 2, b);
    }

    assertThat(ledger.verdict(1)).isEqualTo(ChaosLedger.COMPLETE);
    assertThat(ledger.verdict(2)).isEqualTo(ChaosLedger.COMPLETE);
    assertThat(ledger.totals().acked()).isEqualTo(ledger.totals().sent());
  }

  @Test
  void aMissingMessageAndADoubleAreNamed() {
    join(1, 0);
    join(2, 1);
    long a = ledger.newMessage(1);
    long b = ledger.newMessage(1);
    ack(1, a, LAST + 1, false);
    ack(1, b, LAST + 2, false);
    deliver(2, LAST + 1, a);
    deliver(1, LAST + 1, a);
    deliver(1, LAST + 2, b);
    deliver(1, LAST + 3, a); // published twice: dedup failed

    assertThat(ledger.verdict(2)).startsWith("missing 1 of 2 (#" + b + "), doubled 0");
    assertThat(ledger.verdict(1)).startsWith("missing 0 of 2, doubled 1");
  }

  @Test
  void aUserWhoseOnlineListMissesSomeoneIsNotComplete() {
    join(1, 0);
    inRoom.add(2L);
    ledger.connecting(2, 1);
    ledger.receive(2, welcome(LAST)); // user 1 is never told that user 2 joined
    ledger.receive(2, history(false));

    assertThat(ledger.verdict(2)).isEqualTo(ChaosLedger.COMPLETE);
    assertThat(ledger.verdict(1))
        .startsWith("missing 0 of 0, doubled 0")
        .endsWith("; online list lacks 1 (first load-2) and has 0 too many");
  }

  @Test
  void gatheredPresenceChangesKeepTheOnlineListRight() {
    join(1, 0);
    join(2, 1);
    ledger.receive(
        1, V1Codec.presenceChanges(List.of("load-3", "someone-else"), List.of("load-2")).text());
    assertThat(ledger.verdict(1))
        .contains("lacks 1 (first load-2) and has 1 too many (first load-3)");

    ledger.receive(1, V1Codec.presenceChanges(List.of("load-2"), List.of("load-3")).text());
    assertThat(ledger.verdict(1)).isEqualTo(ChaosLedger.COMPLETE);
  }

  @Test
  void missingMessagesAreNamedAsRuns() {
    ChaosLedger.SeqRanges ranges = new ChaosLedger.SeqRanges();
    for (int seq : new int[] {3, 4, 5, 9, 11, 12, 20, 30}) {
      ranges.add(seq);
    }
    assertThat(ranges).hasToString("#3-#5, #9, #11-#12, #20, and 1 more runs");
  }

  @Test
  void aUsersStoryTellsItsConnectionsJoinsAndTheFirstLiveMessagesAfterEach() {
    join(1, 0);
    join(2, 1);
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long seq = ledger.newMessage(1);
      ack(1, seq, LAST + 1 + i, false);
      deliver(2, LAST + 1 + i, seq);
      seqs.add(seq);
    }
    ledger.lost(2);
    ledger.connecting(2, 0);
    ledger.since(2);

    String story = String.join("\n", ledger.story(2));
    assertThat(story)
        .contains("connecting to node 1")
        .contains("welcome lastId " + LAST)
        .contains("history of 0")
        .contains("message id " + (LAST + 1) + " #" + seqs.get(0))
        .contains("message id " + (LAST + 5) + " #" + seqs.get(4))
        .doesNotContain("message id " + (LAST + 6))
        .contains("lost node 1 after id " + (LAST + 7))
        .contains("connecting to node 0")
        .contains("joins since " + (LAST + 7));
    ledger.resending(1, seqs.subList(5, 7));
    assertThat(ledger.story(1))
        .anyMatch(line -> line.endsWith("sends #" + seqs.get(0)))
        .anyMatch(
            line -> line.endsWith("sends again [#" + seqs.get(5) + ", #" + seqs.get(6) + "]"));
  }

  @Test
  void aMessageNeverAcknowledgedFailsTheRun() {
    join(1, 0);
    long a = ledger.newMessage(1);
    ledger.newMessage(1);
    ack(1, a, LAST + 1, false);

    assertThat(ledger.totals().sent()).isEqualTo(2);
    assertThat(ledger.totals().acked()).isEqualTo(1);
    assertThat(ledger.unacked(1)).containsExactly(a + 1);
  }

  @Test
  void aUserOfAKilledNodeResumesWhereItLeftOffAndItsReconnectIsTimedFromTheKill() {
    join(1, 0);
    join(2, 1);
    long a = ledger.newMessage(2);
    ack(2, a, LAST + 1, false);
    deliver(1, LAST + 1, a);
    deliver(2, LAST + 1, a);

    ledger.kill(0, () -> clock.addAndGet(1_000_000));
    clock.addAndGet(50_000_000); // the user notices its socket closed a little later
    ledger.lost(1);
    assertThat(ledger.isJoined(1)).isFalse();
    assertThat(ledger.since(1)).isEqualTo(LAST + 1);
    long b = ledger.newMessage(2);
    ack(2, b, LAST + 2, false);
    deliver(2, LAST + 2, b);
    clock.addAndGet(400_000_000);
    ledger.connecting(1, 1);
    ledger.receive(1, welcome(LAST + 2));
    ledger.receive(
        1, history(false, new ChatMessage(LAST + 2, 1, "load-2", v1.text(b, 10), v1.cid(b))));

    assertThat(ledger.isJoined(1)).isTrue();
    assertThat(ledger.verdict(1)).isEqualTo(ChaosLedger.COMPLETE);
    ChaosLedger.Totals totals = ledger.totals();
    assertThat(totals.kills()).isEqualTo(1);
    assertThat(totals.reconnects()).isEqualTo(1);
    assertThat(totals.reconnectMaxMillis())
        .as("from the kill to the resumed join, to the histogram's 3 significant digits")
        .isCloseTo(451.0, within(0.5));
  }

  @Test
  void aResentMessageThatHadGotThroughIsAcknowledgedAsADuplicateWithItsId() {
    join(1, 0);
    long a = ledger.newMessage(1);
    ack(1, a, LAST + 1, false);
    ack(1, a, LAST + 1, true);
    ledger.resending(1, List.of(a));

    ChaosLedger.Totals totals = ledger.totals();
    assertThat(totals.acked()).isEqualTo(1);
    assertThat(totals.duplicateAcks()).isEqualTo(1);
    assertThat(totals.resends()).isEqualTo(1);
    assertThat(totals.conflictingAcks()).isZero();

    ack(1, a, LAST + 5, true);
    assertThat(ledger.totals().conflictingAcks()).as("a second id").isEqualTo(1);
  }

  @Test
  void theLastAcknowledgedMessagesAreTheOnesToSendAgainAsAClientThatLostItsAcks() {
    join(1, 0);
    long a = ledger.newMessage(1);
    long b = ledger.newMessage(1);
    long c = ledger.newMessage(1);
    ack(1, a, LAST + 1, false);
    ack(1, b, LAST + 2, false);

    assertThat(ledger.lastAcked(1, 1)).containsExactly(b);
    assertThat(ledger.lastAcked(1, 5)).containsExactly(a, b);
    assertThat(ledger.unacked(1)).containsExactly(c);
  }

  @Test
  void aResumeWithAGapOrARepeatedIdIsNotComplete() {
    join(1, 0);
    long a = ledger.newMessage(1);
    ack(1, a, LAST + 1, false);
    deliver(1, LAST + 1, a);
    ledger.kill(0, () -> {});
    ledger.lost(1);
    ledger.connecting(1, 1);
    ledger.receive(1, welcome(LAST + 1));
    ledger.receive(
        1, history(true, new ChatMessage(LAST + 1, 1, "load-1", v1.text(a, 10), v1.cid(a))));

    assertThat(ledger.verdict(1)).endsWith("out of order 1, gaps 1, received unacknowledged 0");
  }

  @Test
  void aMessageTheServerRefusedIsSentAgain() {
    join(1, 0);
    long a = ledger.newMessage(1);
    ledger.receive(
        1,
        V1Codec.error(new org.chatharness.server.codec.ProtocolError("not_sent", "no", v1.cid(a)))
            .text());

    assertThat(ledger.refused(1)).containsExactly(a);
    assertThat(ledger.refused(1)).as("taken once").isEmpty();
  }

  @Test
  void theFirstHistoryIsOlderThanTheBaselineAndNotCounted() {
    ledger.connecting(1, 0);
    inRoom.add(1L);
    ledger.receive(1, welcome(LAST));
    ledger.receive(1, history(false, new ChatMessage(LAST, 1, "x", v1.text(0, 10), v1.cid(0))));

    assertThat(ledger.verdict(1)).isEqualTo(ChaosLedger.COMPLETE);
    assertThat(ledger.since(1)).isEqualTo(LAST);
  }

  /** Joins as the server answers: a welcome listing who is in, and a presence to the others. */
  private void join(long user, int node) {
    ledger.connecting(user, node);
    boolean newcomer = !inRoom.contains(user);
    if (newcomer) {
      inRoom.add(user);
    }
    ledger.receive(user, welcome(LAST));
    ledger.receive(user, history(false));
    if (newcomer) {
      for (long other : inRoom) {
        if (other != user) {
          ledger.receive(other, V1Codec.presence("join", v1.userName(user), names()).text());
        }
      }
    }
  }

  private String welcome(long lastId) {
    return V1Codec.welcome("chaos", "load", names(), lastId, 100, 65536).text();
  }

  private List<String> names() {
    return inRoom.stream().map(v1::userName).toList();
  }

  private String history(boolean gap, ChatMessage... messages) {
    return V1Codec.history(List.of(messages), gap).text();
  }

  private void ack(long user, long seq, long id, boolean duplicate) {
    ledger.receive(user, V1Codec.ack(v1.cid(seq), id, duplicate).text());
  }

  private void deliver(long user, long id, long seq) {
    ledger.receive(
        user,
        V1Codec.message(new ChatMessage(id, 1, "load-1", v1.text(seq, 20), v1.cid(seq))).text());
  }
}
