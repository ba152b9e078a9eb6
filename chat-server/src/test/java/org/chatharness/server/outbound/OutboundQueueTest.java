package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-session bound: text and pongs alike count against it, empty pongs included. */
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
}
