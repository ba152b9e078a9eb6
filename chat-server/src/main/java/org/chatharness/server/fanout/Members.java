package org.chatharness.server.fanout;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.chatharness.server.codec.Delivery;
import org.chatharness.server.outbound.FrameViews;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of one room and the fan-out to them: one event into every member's outbound queue, in
 * the encoding of the member's protocol, encoded once per protocol ({@link Delivery}) and shared by
 * every recipient.
 *
 * <p>The fan-out has two steps, so that the room holds its lock only for the cheap, ordered one:
 * {@link #enqueue} queues bytes under the room's lock; {@link #flush} starts the socket writes
 * after it. Membership is a copy-on-write array: a fan-out walks a snapshot, and the room's lock
 * orders changes.
 *
 * <pre>{@code
 * synchronized (room) {
 *   members.enqueue(new Delivery(message), null);
 * }
 * members.flush();
 * }</pre>
 */
public final class Members {
  private static final Logger LOG = LoggerFactory.getLogger(Members.class);

  private static final Member[] NONE = new Member[0];

  private volatile Member[] all = NONE;
  // Requests to start the members' writes; whoever raises it from 0 does the writing for all.
  private final AtomicInteger flushRequests = new AtomicInteger();
  // Lent to every member's write by the one flushing thread, so a delivery allocates nothing.
  private final FrameViews views = new FrameViews();

  /** Adds a member; the caller orders changes (the room's lock). */
  public void add(Member member) {
    Member[] current = all;
    Member[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = member;
    all = next;
  }

  /** Removes a member; returns whether it was one. The caller orders changes. */
  public boolean remove(Member member) {
    Member[] current = all;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == member) {
        Member[] next = new Member[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        all = next;
        return true;
      }
    }
    return false;
  }

  /** The members now: a snapshot that later changes do not touch. */
  public Member[] snapshot() {
    return all;
  }

  /**
   * Offers an event to every member but {@code except} (may be {@code null}), in the encoding of
   * its protocol; a member whose protocol has none for the event gets nothing. Returns how many
   * members the fan-out went over.
   */
  public int enqueue(Delivery delivery, Member except) {
    Member[] recipients = all;
    for (Member recipient : recipients) {
      if (recipient != except) {
        OutboundMessage encoded = delivery.encodedFor(recipient.protocol());
        if (encoded != null) {
          offer(recipient, encoded);
        }
      }
    }
    return recipients.length;
  }

  /**
   * Offers one message to one member; one that does not fit closes the member as a slow consumer.
   * Returns whether the message was queued.
   */
  public static boolean offer(Member recipient, OutboundMessage message) {
    OutboundQueue.Offer offer = recipient.outbound().offer(message);
    if (offer == OutboundQueue.Offer.OVERFLOW) {
      recipient.onSlowConsumer();
    }
    return offer == OutboundQueue.Offer.ACCEPTED;
  }

  /**
   * Starts the writes of every member that has none in flight, one thread at a time.
   *
   * <p>Fan-outs on several threads at once would walk the same members in the same order and hand
   * each recipient's locks back and forth. Instead, the thread that finds no flush under way
   * flushes for everyone, again as long as others asked meanwhile; the others return at once, and
   * what they queued goes out with the flusher's next pass, gathered into fewer writes.
   */
  public void flush() {
    if (flushRequests.getAndIncrement() != 0) {
      return;
    }
    int handled = 1;
    do {
      for (Member member : all) {
        try {
          member.outbound().flush(views);
        } catch (RuntimeException bug) {
          // The queue closed itself; one member's failure must not leave the room unflushed.
          LOG.error("write failed for a member; it is closed, the others go on", bug);
        }
      }
      handled = flushRequests.addAndGet(-handled);
    } while (handled != 0);
  }
}
