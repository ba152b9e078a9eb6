package org.chatharness.server.outbound;

import java.util.ArrayDeque;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;

/**
 * A session's outbound queue: bounded in bytes, with one write in flight.
 *
 * <p>Jetty allows only one pending send per session, and an unbounded queue would let one slow
 * client grow the server's memory without limit. So every message for a session passes through
 * here: {@link #offer} counts its bytes against the limit (in flight included), and a single
 * iterating writer gathers whatever is queued into one write of several frames, then comes back for
 * more when the socket has taken it. When a message does not fit, the queue drops everything it
 * holds and reports the session as too slow; it never blocks the caller.
 *
 * <p>A queue exists before its session: a connection is in its room from the upgrade on, before
 * Jetty has opened the session, and what the room queues meanwhile is written once the session is
 * {@link #attach attached}.
 *
 * <pre>{@code
 * OutboundQueue queue = new OutboundQueue(1 << 20);
 * queue.attach(coreSession);
 * switch (queue.offer(message)) {
 *   case ACCEPTED -> queue.flush();
 *   case OVERFLOW -> closeAsSlowConsumer();
 *   case CLOSED -> {}
 * }
 * }</pre>
 */
public final class OutboundQueue {

  /** What became of an offered message. */
  public enum Offer {
    /** Queued; call {@link #flush()} to make sure a write is under way. */
    ACCEPTED,
    /** It did not fit: the queue is now closed and empty, the session must be closed. */
    OVERFLOW,
    /** The queue was already closed; the message is not for this session any more. */
    CLOSED
  }

  /** Most frames gathered into one write, so one write never holds an unbounded array. */
  static final int MAX_FRAMES_PER_WRITE = 256;

  private static final Frame[] NO_FRAMES = new Frame[0];

  private final long limitBytes;
  private final Writer writer = new Writer();
  // Starts small (and grows as needed): most sessions at scale are idle.
  private final ArrayDeque<OutboundMessage> queue = new ArrayDeque<>(1);
  private long queuedBytes;
  private long inFlightBytes;
  private boolean closed;
  private CoreSession session;

  public OutboundQueue(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** The session to write to, once Jetty has opened it; writes what was queued before. */
  public void attach(CoreSession opened) {
    synchronized (this) {
      session = opened;
    }
    flush();
  }

  /** The most bytes this queue holds, queued and in flight together. */
  public long limitBytes() {
    return limitBytes;
  }

  /** Adds a message if it fits within the limit, counting what is queued and in flight. */
  public Offer offer(OutboundMessage message) {
    synchronized (this) {
      if (closed) {
        return Offer.CLOSED;
      }
      if (queuedBytes + inFlightBytes + message.size() > limitBytes) {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        return Offer.OVERFLOW;
      }
      queue.addLast(message);
      queuedBytes += message.size();
      return Offer.ACCEPTED;
    }
  }

  /**
   * Starts a write of what is queued unless one is already in flight (or there is no session yet);
   * never blocks.
   */
  public void flush() {
    writer.iterate();
  }

  /** Drops what is queued and refuses further messages; a write in flight completes or fails. */
  public void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
      queuedBytes = 0;
    }
  }

  /** Bytes queued or in flight, for health reports and tests. */
  public synchronized long pendingBytes() {
    return queuedBytes + inFlightBytes;
  }

  private final class Writer extends IteratingCallback {
    // Grown on demand: an idle connection (most of them, at scale) never holds one.
    private Frame[] batch = NO_FRAMES;

    @Override
    protected Action process() {
      int count = 0;
      CoreSession target;
      synchronized (OutboundQueue.this) {
        inFlightBytes = 0;
        target = session;
        if (closed || target == null) {
          return Action.IDLE;
        }
        OutboundMessage next;
        while (count < MAX_FRAMES_PER_WRITE && (next = queue.pollFirst()) != null) {
          if (count == batch.length) {
            batch =
                java.util.Arrays.copyOf(
                    batch, Math.min(MAX_FRAMES_PER_WRITE, Math.max(4, count * 2)));
          }
          batch[count++] = next.newFrame();
          queuedBytes -= next.size();
          inFlightBytes += next.size();
        }
      }
      if (count == 0) {
        return Action.IDLE;
      }
      // All frames but the last may be batched; the last one flushes the gathered write and
      // completes this callback when the socket has taken everything.
      for (int i = 0; i < count - 1; i++) {
        target.sendFrame(batch[i], NOOP, true);
        batch[i] = null;
      }
      Frame last = batch[count - 1];
      batch[count - 1] = null;
      target.sendFrame(last, this, false);
      return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      // The session is failing: Jetty closes it and the connection leaves its room.
      OutboundQueue.this.close();
    }
  }
}
