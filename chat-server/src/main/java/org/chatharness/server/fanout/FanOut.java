package org.chatharness.server.fanout;

import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.chatharness.server.room.Member;

/**
 * The fan-out: one encoded message into many outbound queues.
 *
 * <p>Nothing here is per-recipient work beyond a queue offer: the message is encoded once by the
 * caller and its bytes are shared. It is split in two steps so the room can hold its lock for the
 * cheap ordered part ({@link #enqueue}) and release it before the writes start ({@link #flush}).
 */
public final class FanOut {
  private FanOut() {}

  /** Offers the message to every recipient's queue; a recipient that overflows is told so. */
  public static void enqueue(Member[] recipients, OutboundMessage message) {
    for (Member recipient : recipients) {
      if (recipient.outbound().offer(message) == OutboundQueue.Offer.OVERFLOW) {
        recipient.onSlowConsumer();
      }
    }
  }

  /** Starts a write on every recipient that has none in flight. */
  public static void flush(Member[] recipients) {
    for (Member recipient : recipients) {
      recipient.outbound().flush();
    }
  }
}
