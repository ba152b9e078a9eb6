package org.chatharness.server.fanout;

import org.chatharness.server.codec.Delivery;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.chatharness.server.room.Member;

/**
 * The fan-out: one message into many outbound queues.
 *
 * <p>No per-recipient encoding: a {@link Delivery} is encoded at most once per protocol and every
 * recipient's queue shares those bytes. It is split in two steps so the room can hold its lock for
 * the cheap ordered part ({@code enqueue}) and release it before the writes start ({@link #flush}).
 */
public final class FanOut {
  private FanOut() {}

  /** Offers a room message to every recipient, in the encoding of its protocol. */
  public static void enqueue(Member[] recipients, Delivery delivery) {
    for (Member recipient : recipients) {
      offer(recipient, delivery.encodedFor(recipient.protocol()));
    }
  }

  /** Offers a protocol-specific message (presence) to the recipients speaking it, but one. */
  public static void enqueueTo(
      Member[] recipients, Protocol protocol, Member except, OutboundMessage message) {
    for (Member recipient : recipients) {
      if (recipient.protocol() == protocol && recipient != except) {
        offer(recipient, message);
      }
    }
  }

  /**
   * Offers one message to one recipient; one that does not fit closes the recipient as a slow
   * consumer. Returns whether the message was queued.
   */
  public static boolean offer(Member recipient, OutboundMessage message) {
    OutboundQueue.Offer offer = recipient.outbound().offer(message);
    if (offer == OutboundQueue.Offer.OVERFLOW) {
      recipient.onSlowConsumer();
    }
    return offer == OutboundQueue.Offer.ACCEPTED;
  }

  /** Starts a write on every recipient that has none in flight. */
  public static void flush(Member[] recipients) {
    for (Member recipient : recipients) {
      recipient.outbound().flush();
    }
  }
}
