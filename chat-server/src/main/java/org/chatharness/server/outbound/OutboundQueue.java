package org.chatharness.server.outbound;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
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

  // Where the one write in flight (the queue's, or a frame of Jetty's) stands.
  private static final byte IDLE = 0;
  // A thread is starting it and will look again when its writer returns.
  private static final byte STARTING = 1;
  // It ended before its writer returned: the starting thread goes on with the next.
  private static final byte ENDED = 2;
  // It waits for the socket; whoever sees it end goes on with the next.
  private static final byte PENDING = 3;

  private final long limitBytes;
  // The write in flight's messages first (inFlight of them), then those waiting.
  private final MessageRing messages = new MessageRing();
  private int inFlight;
  private long queuedBytes;
  private long inFlightBytes;
  private boolean closed;
  // The close frame of the session's own is queued (closeWith): it is the last frame written.
  private boolean closeFrameQueued;
  // A close frame of Jetty's is waiting or written: the session's own is not sent after it.
  private boolean jettyClosing;
  private byte write = IDLE;
  private FrameWriter writer;
  private JettyFrameGate gate;
  // Jetty's own frames waiting for the write in flight; made at the first one.
  private ArrayDeque<OutgoingEntry> jettyFrames;

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
              this, jetty.getConnection().getEndPoint(), maxFrame > 0 ? maxFrame : Long.MAX_VALUE),
          found);
    } else {
      attach(new SessionWriter(this, opened), null);
    }
  }

  /** Writes with {@code chosen} from now on; Jetty's frames wait at {@code jettyGate}, if any. */
  void attach(FrameWriter chosen, JettyFrameGate jettyGate) {
    synchronized (this) {
      writer = chosen;
      gate = jettyGate;
    }
    if (jettyGate != null) {
      jettyGate.bind(this);
    }
    pump(null);
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
      messages.addLast(message);
      queuedBytes += message.size();
      return Offer.ACCEPTED;
    }
  }

  /**
   * Starts a write of what is queued unless one is already in flight (or there is no session yet);
   * never blocks.
   */
  public void flush() {
    pump(null);
  }

  /**
   * {@link #flush()} for a fan-out, whose one flushing thread lends {@code views} to every
   * recipient's write in turn.
   */
  public void flush(FrameViews views) {
    pump(views);
  }

  /** Drops what is queued and refuses further messages; a write in flight completes or fails. */
  public void close() {
    synchronized (this) {
      closeLocked();
    }
  }

  /**
   * Drops what is queued, refuses further messages, and writes {@code closeFrame} after the write
   * in flight: the last frame the session sends. Jetty's own frames that come after it are not
   * written (the answer Jetty makes to the client's close, above all), but complete as if they
   * were, so Jetty closes the connection once the client has answered.
   *
   * <p>This is how a session closes with an error code and still waits for the client's answer:
   * Jetty closes the socket as soon as it has written a close frame of its own with such a code,
   * and a client whose frames are still arriving then gets a reset, which throws away the close
   * frame unread.
   *
   * @return false, and nothing done, when the session's frames go through Jetty's session (an
   *     extension is in use), the queue has no session yet, or Jetty has sent a close already: then
   *     the close is Jetty's to send
   */
  public boolean closeWith(OutboundMessage closeFrame) {
    synchronized (this) {
      if (gate == null || writer == null || jettyClosing) {
        return false;
      }
      if (!closeFrameQueued) {
        closeLocked();
        closeFrameQueued = true;
        messages.addLast(closeFrame);
        queuedBytes += closeFrame.size();
      }
    }
    pump(null);
    return true;
  }

  /** Whether the session's close frame is its own ({@link #closeWith}), not one of Jetty's. */
  public synchronized boolean closedWithOwnFrame() {
    return closeFrameQueued;
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
      if (!closeFrameQueued) {
        if (jettyFrames == null) {
          jettyFrames = new ArrayDeque<>(2);
        }
        jettyFrames.addLast(entry);
        if (entry.getFrame().getOpCode() == OpCode.CLOSE) {
          jettyClosing = true;
          closeLocked();
        }
        entry = null;
      }
    }
    if (entry != null) {
      // The session's own close frame is, or will be, the last frame sent.
      dropJettyFrame(entry);
    } else {
      pump(null);
    }
  }

  private static void dropJettyFrame(OutgoingEntry entry) {
    if (entry.getFrame().getOpCode() == OpCode.CLOSE) {
      // Jetty's answer to the client's close: Jetty closes the connection when it completes.
      entry.getCallback().succeeded();
    } else {
      entry.getCallback().failed(new ClosedChannelException());
    }
  }

  private void closeLocked() {
    closed = true;
    messages.truncate(inFlight);
    queuedBytes = 0;
  }

  /** Starts writes, one after another, as long as each ends at once and there is more. */
  private void pump(FrameViews views) {
    boolean started = false;
    boolean written = false;
    while (true) {
      OutgoingEntry jetty = null;
      OutboundMessage[] ring = null;
      int head = 0;
      int count = 0;
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
        } else if ((closed && !closeFrameQueued) || writer == null || messages.size() == 0) {
          return;
        } else {
          count = startWrite();
          ring = messages.slots();
          head = messages.head();
        }
        write = STARTING;
      }
      started = true;
      written = false;
      try {
        if (jetty != null) {
          gate.passOn(jetty, writer);
        } else {
          written = writer.write(ring, head, count, views);
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

  /** Makes what waits (up to {@link #MAX_FRAMES_PER_WRITE}) the write in flight; under the lock. */
  private int startWrite() {
    int count = Math.min(MAX_FRAMES_PER_WRITE, messages.size());
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      bytes += messages.get(i).size();
    }
    inFlight = count;
    queuedBytes -= bytes;
    inFlightBytes = bytes;
    return count;
  }

  /** The write in flight has ended: its messages and bytes leave the queue; under the lock. */
  private void endWrite() {
    write = IDLE;
    messages.dropFirst(inFlight);
    inFlight = 0;
    inFlightBytes = 0;
  }

  /** The write in flight (the queue's, or one of Jetty's frames) ended, written or failed. */
  void writeEnded(Throwable failure) {
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
    pump(null);
  }
}
