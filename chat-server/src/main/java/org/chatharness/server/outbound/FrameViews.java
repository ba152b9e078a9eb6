package org.chatharness.server.outbound;

import java.nio.ByteBuffer;

/**
 * What a fan-out lends each recipient's write in turn, so that a delivery allocates nothing: a view
 * of the message's shared frame and the one-slot array a write takes. A write that ends at once
 * gives both back (the view is rewound for the next recipient); one that must wait for its socket
 * keeps them, and the next write gets new ones.
 *
 * <p>Used by one thread at a time: the room's members are flushed by one thread at a time ({@link
 * org.chatharness.server.fanout.Members#flush}), which owns one of these.
 */
public final class FrameViews {
  private final ByteBuffer[] one = new ByteBuffer[1];
  private OutboundMessage message;
  private long maxFrameBytes;
  private ByteBuffer view;

  /** A one-slot array holding a view of {@code of}'s frames, from their start. */
  ByteBuffer[] lend(OutboundMessage of, long maxFrame) {
    if (of == message && maxFrame == maxFrameBytes) {
      view.position(0);
    } else {
      message = of;
      maxFrameBytes = maxFrame;
      view = of.frames(maxFrame);
    }
    one[0] = view;
    return one;
  }

  /** The write that was lent them keeps the view: it waits for its socket. */
  void keptByWrite() {
    message = null;
    view = null;
    one[0] = null;
  }
}
