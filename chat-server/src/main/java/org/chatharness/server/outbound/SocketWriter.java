package org.chatharness.server.outbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;

/**
 * Writes messages' frames straight to the connection's socket, all of one write gathered into one
 * system call: what a session without extensions uses, so that a delivery passes no layer of
 * Jetty's frame path (session flusher, extension stack, frame flusher), allocates no frame and
 * generates no header of its own.
 *
 * <p>The frames are the messages' shared, already framed bytes. The socket takes them at once
 * almost always; only when it is full does the rest wait in Jetty's write flusher for the socket to
 * drain. Jetty's own frames for the session (pings, closes) never meet these writes on the socket:
 * the {@link OutboundQueue} hands them over only between two writes ({@link JettyFrameGate}).
 */
final class SocketWriter extends FrameWriter {
  private final EndPoint endPoint;
  private final long maxFrameBytes;

  /**
   * @param maxFrameBytes the largest frame the session sends; a longer message goes in fragments
   */
  SocketWriter(OutboundQueue owner, EndPoint endPoint, long maxFrameBytes) {
    super(owner);
    this.endPoint = endPoint;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  boolean write(OutboundMessage[] ring, int head, int count, FrameViews views) {
    boolean lent = views != null && count == 1;
    ByteBuffer[] frames;
    if (lent) {
      frames = views.lend(MessageRing.at(ring, head, 0), maxFrameBytes);
    } else {
      frames = new ByteBuffer[count];
      for (int i = 0; i < count; i++) {
        frames[i] = MessageRing.at(ring, head, i).frames(maxFrameBytes);
      }
    }
    try {
      if (endPoint.flush(frames)) {
        return true;
      }
      // The socket is full: Jetty's write flusher takes the rest when it drains, and calls back.
      if (lent) {
        frames = new ByteBuffer[] {frames[0]};
        views.keptByWrite();
      }
      endPoint.write(this, frames);
    } catch (IOException failure) {
      if (lent) {
        views.keptByWrite();
      }
      // The peer is gone (reset, or the socket closed under us): the connection ends as Jetty's
      // own failed writes end it, and its session closes with 1006.
      endPoint.close(failure);
      failed(failure);
    }
    return false;
  }
}
