package org.chatharness.server.outbound;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * A session's outbound queue: bounded in bytes, with one write in flight.
 *
 * <p>A socket takes one write at a time, and an unbounded queue would let one slow client grow the
 * server's memory without limit. So every message for a session passes through here: {@link #offer}
 * counts its bytes against the limit (in flight included), and one write at a time gathers whatever
 * is queued (its frames, framed once for every recipient) into one system call, then comes back for
 * more when the socket has taken it. When a message does not fit, the queue drops everything it
 * holds and reports the session as too slow; it never blocks the caller.
 *
 * <p>Without extensions the writes go straight to the socket ({@link SocketWriter}); the frames
 * Jetty sends for the session itself (pings, closes) wait at the session's {@link JettyFrameGate}
 * and are handed on between two writes, before the next of the queue's. With an extension
 * (permessage-deflate) everything goes through Jetty's session ({@link SessionWriter}).
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

  private static final OutboundMessage[] NO_MESSAGES = new OutboundMessage[0];

  // Where the one write in flight (the queue's, or a frame of Jetty's) stands.
  private static final byte IDLE = 0;
  // A thread is starting it and will look again when its writer returns.
  private static final byte STARTING = 1;
  // It ended before its writer returned: the starting thread goes on with the next.
  private static final byte ENDED = 2;
  // It waits for the socket; whoever sees it end goes on with the next.
  private static final byte PENDING = 3;

  private final long limitBytes;
  // Starts small (and grows as needed): most sessions at scale are idle.
  private final ArrayDeque<OutboundMessage> queue = new ArrayDeque<>(1);
  private long queuedBytes;
  private long inFlightBytes;
  private boolean closed;
  private byte write = IDLE;
  private FrameWriter writer;
  private Callback writeEnded;
  private JettyFrameGate gate;
  // Jetty's own frames waiting for the write in flight; made at the first one.
  private ArrayDeque<OutgoingEntry> jettyFrames;
  // The write in flight's messages; grown on demand, so an idle connection never holds one.
  private OutboundMessage[] batch = NO_MESSAGES;
  private int batchCount;

  public OutboundQueue(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** The session to write to, once Jetty has opened it; writes what was queued before. */
  public void attach(CoreSession opened) {
    JettyFrameGate found = JettyFrameGate.of(opened);
    if (found != null && opened instanceof WebSocketCoreSession jetty) {
      long maxFrame = opened.isAutoFragment() ? opened.getMaxFrameSize() : 0;
      attach(
          new SocketWriter(
              jetty.getConnection().getEndPoint(), maxFrame > 0 ? maxFrame : Long.MAX_VALUE),
          found);
    } else {
      attach(new SessionWriter(opened), null);
    }
  }

  /** Writes with {@code chosen} from now on; Jetty's frames wait at {@code jettyGate}, if any. */
  void attach(FrameWriter chosen, JettyFrameGate jettyGate) {
    synchronized (this) {
      writer = chosen;
      writeEnded = new WriteEnded();
      gate = jettyGate;
    }
    if (jettyGate != null) {
      jettyGate.bind(this);
    }
    pump();
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
        closeLocked();
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
    pump();
  }

  /** Drops what is queued and refuses further messages; a write in flight completes or fails. */
  public void close() {
    synchronized (this) {
      closeLocked();
    }
  }

  /** Bytes queued or in flight, for health reports and tests. */
  public synchronized long pendingBytes() {
    return queuedBytes + inFlightBytes;
  }

  /**
   * One of Jetty's frames, stopped at the {@link JettyFrameGate}: it goes before the queue's next
   * write, once the write in flight has ended. After a close frame nothing of the queue's follows.
   */
  void fromJetty(JettyFrameGate from, OutgoingEntry entry) {
    synchronized (this) {
      if (jettyFrames == null) {
        jettyFrames = new ArrayDeque<>(2);
      }
      jettyFrames.addLast(entry);
      if (entry.getFrame().getOpCode() == OpCode.CLOSE) {
        closeLocked();
      }
    }
    pump();
  }

  private void closeLocked() {
    closed = true;
    queue.clear();
    queuedBytes = 0;
  }

  /** Starts writes, one after another, as long as each ends at once and there is more. */
  private void pump() {
    boolean started = false;
    boolean written = false;
    while (true) {
      OutgoingEntry jetty = null;
      int count;
      synchronized (this) {
        if (started) {
          if (!written && write != ENDED) {
            write = PENDING;
            return;
          }
          endWrite();
        } else if (write != IDLE) {
          return;
        }
        if (jettyFrames != null && !jettyFrames.isEmpty()) {
          jetty = jettyFrames.pollFirst();
          count = 0;
        } else if (closed || writer == null || queue.isEmpty()) {
          return;
        } else {
          count = takeBatch();
        }
        write = STARTING;
      }
      started = true;
      written = false;
      try {
        if (jetty != null) {
          gate.passOn(jetty, writeEnded);
        } else {
          written = writer.write(batch, count, writeEnded);
        }
      } catch (RuntimeException bug) {
        // Not a socket's failure (a writer reports those): the queue must not stay stuck on it.
        synchronized (this) {
          closeLocked();
          endWrite();
        }
        throw bug;
      }
    }
  }

  /** Moves what is queued (up to {@link #MAX_FRAMES_PER_WRITE}) into the batch; under the lock. */
  private int takeBatch() {
    int count = 0;
    OutboundMessage next;
    while (count < MAX_FRAMES_PER_WRITE && (next = queue.pollFirst()) != null) {
      if (count == batch.length) {
        batch = Arrays.copyOf(batch, Math.min(MAX_FRAMES_PER_WRITE, Math.max(1, count * 2)));
      }
      batch[count++] = next;
      queuedBytes -= next.size();
      inFlightBytes += next.size();
    }
    batchCount = count;
    return count;
  }

  /** The write in flight has ended: its bytes leave the count and the batch; under the lock. */
  private void endWrite() {
    write = IDLE;
    inFlightBytes = 0;
    Arrays.fill(batch, 0, batchCount, null);
    batchCount = 0;
  }

  /** The writer's callback: the write in flight ended, written or failed. */
  private final class WriteEnded implements Callback {
    @Override
    public void succeeded() {
      writeEnded(null);
    }

    @Override
    public void failed(Throwable failure) {
      writeEnded(failure);
    }
  }

  private void writeEnded(Throwable failure) {
    synchronized (this) {
      if (failure != null) {
        // The connection is failing: Jetty closes it and the connection leaves its room.
        closeLocked();
      }
      if (write == STARTING) {
        write = ENDED;
        return;
      }
      endWrite();
    }
    pump();
  }
}
