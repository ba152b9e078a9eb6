package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.chatharness.server.support.RecordingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-session queue: bounded in bytes (text and pongs alike, in flight included), one write in
 * flight, and what waits meanwhile gathered into the next write.
 */
@Timeout(10)
class OutboundQueueTest {

  @Test
  void pongsCountAgainstTheLimitSoAClientThatPingsAndNeverReadsOverflows() {
    OutboundQueue queue = new OutboundQueue(1000);
    int accepted = 0;
    while (queue.offer(OutboundMessage.pong(ByteBuffer.allocate(0)))
        == OutboundQueue.Offer.ACCEPTED) {
      accepted++;
    }
    assertThat(accepted)
        .as("empty pongs that fit in 1000 bytes, each counted with its objects")
        .isEqualTo(1000 / OutboundMessage.pong(ByteBuffer.allocate(0)).size());
    assertThat(queue.offer(OutboundMessage.ofText("x")))
        .as("once it overflowed, the queue is closed")
        .isEqualTo(OutboundQueue.Offer.CLOSED);
  }

  @Test
  void aPongCountsItsPayloadToo() {
    assertThat(OutboundMessage.pong(ByteBuffer.allocate(125)).size())
        .isEqualTo(2 + 125 + OutboundMessage.ENTRY_BYTES + OutboundMessage.PONG_OVERHEAD_BYTES);
  }

  @Test
  void anEmptyMessageStillCountsSoAClientThatNeverReadsOverflows() {
    OutboundQueue queue = new OutboundQueue(1000);
    OutboundMessage empty = OutboundMessage.ofText("");
    int accepted = 0;
    while (accepted <= 1000 && queue.offer(empty) == OutboundQueue.Offer.ACCEPTED) {
      accepted++;
    }
    assertThat(empty.size())
        .as("its frame and its entry")
        .isEqualTo(2 + OutboundMessage.ENTRY_BYTES);
    assertThat(accepted).isEqualTo(1000 / empty.size());
  }

  @Test
  void whatIsQueuedBeforeTheSessionOpensWaitsWithinTheLimit() {
    OutboundMessage five = OutboundMessage.ofText("12345");
    OutboundQueue queue = new OutboundQueue(five.size() + 5);
    queue.flush(); // no session yet: nothing to write to, nothing lost
    assertThat(queue.offer(five)).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    queue.flush();
    assertThat(queue.pendingBytes()).isEqualTo(five.size());
    assertThat(queue.offer(OutboundMessage.ofText("123456")))
        .as("past the limit before the session opened: still a slow consumer")
        .isEqualTo(OutboundQueue.Offer.OVERFLOW);
    assertThat(queue.pendingBytes()).isZero();
  }

  @Test
  void oneWriteIsInFlightAndWhatComesMeanwhileGoesOutTogetherAfterIt() {
    RecordingSession session = new RecordingSession();
    session.holdWrites();
    OutboundQueue queue = new OutboundQueue(1000);
    queue.attach(session);
    queue.offer(OutboundMessage.ofText("first"));
    queue.flush();
    queue.offer(OutboundMessage.ofText("second"));
    queue.offer(OutboundMessage.ofText("third"));
    queue.flush();
    assertThat(session.texts())
        .as("nothing more while a write is in flight")
        .containsExactly("first");
    assertThat(session.writesInFlight()).isEqualTo(1);

    session.completeWrites();
    assertThat(session.texts()).containsExactly("first", "second", "third");
    assertThat(session.framesPerWrite())
        .as("the two waiting went in one write")
        .containsExactly(1, 2);
    assertThat(queue.pendingBytes()).isZero();
  }

  @Test
  void bytesInFlightCountAgainstTheLimitUntilTheWriteCompletes() {
    RecordingSession session = new RecordingSession();
    session.holdWrites();
    OutboundMessage six = OutboundMessage.ofText("123456");
    OutboundQueue queue = new OutboundQueue(six.size() + 5);
    queue.attach(session);
    queue.offer(six);
    queue.flush();
    assertThat(queue.pendingBytes()).isEqualTo(six.size());
    assertThat(queue.offer(OutboundMessage.ofText("12345")))
        .as("the six in flight + the five > the limit")
        .isEqualTo(OutboundQueue.Offer.OVERFLOW);
  }
}
