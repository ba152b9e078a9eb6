package org.chatharness.server.outbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

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
final class SocketWriter implements FrameWriter {
  private final EndPoint endPoint;
  private final long maxFrameBytes;
  // The one-message write's array, reused: a session has one write in flight at a time.
  private ByteBuffer[] single;

  /**
   * @param maxFrameBytes the largest frame the session sends; a longer message goes in fragments
   */
  SocketWriter(EndPoint endPoint, long maxFrameBytes) {
    this.endPoint = endPoint;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public boolean write(OutboundMessage[] messages, int count, Callback done) {
    ByteBuffer[] frames;
    if (count == 1) {
      if (single == null) {
        single = new ByteBuffer[1];
      }
      frames = single;
      frames[0] = messages[0].frames(maxFrameBytes);
    } else {
      frames = new ByteBuffer[count];
      for (int i = 0; i < count; i++) {
        frames[i] = messages[i].frames(maxFrameBytes);
      }
    }
    try {
      if (endPoint.flush(frames)) {
        return true;
      }
      // The socket is full: Jetty's write flusher takes the rest when it drains, and calls back.
      endPoint.write(done, frames == single ? new ByteBuffer[] {single[0]} : frames);
    } catch (IOException failure) {
      // The peer is gone (reset, or the socket closed under us): the connection ends as Jetty's
      // own failed writes end it, and its session closes with 1006.
      endPoint.close(failure);
      done.failed(failure);
    } finally {
      if (frames == single) {
        // Written or handed over: the reused array must not keep a message's bytes alive.
        single[0] = null;
      }
    }
    return false;
  }
}
