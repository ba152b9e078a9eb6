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
        .isEqualTo(1000 / OutboundMessage.PONG_OVERHEAD_BYTES);
    assertThat(queue.offer(OutboundMessage.ofText("x")))
        .as("once it overflowed, the queue is closed")
        .isEqualTo(OutboundQueue.Offer.CLOSED);
  }

  @Test
  void aPongCountsItsPayloadToo() {
    assertThat(OutboundMessage.pong(ByteBuffer.allocate(125)).size())
        .isEqualTo(125 + OutboundMessage.PONG_OVERHEAD_BYTES);
  }

  @Test
  void whatIsQueuedBeforeTheSessionOpensWaitsWithinTheLimit() {
    OutboundQueue queue = new OutboundQueue(10);
    queue.flush(); // no session yet: nothing to write to, nothing lost
    assertThat(queue.offer(OutboundMessage.ofText("12345")))
        .isEqualTo(OutboundQueue.Offer.ACCEPTED);
    queue.flush();
    assertThat(queue.pendingBytes()).isEqualTo(5);
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
    OutboundQueue queue = new OutboundQueue(10);
    queue.attach(session);
    queue.offer(OutboundMessage.ofText("123456"));
    queue.flush();
    assertThat(queue.pendingBytes()).isEqualTo(6);
    assertThat(queue.offer(OutboundMessage.ofText("12345")))
        .as("6 in flight + 5 > 10")
        .isEqualTo(OutboundQueue.Offer.OVERFLOW);
  }
}
