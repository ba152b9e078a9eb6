package org.chatharness.server.outbound;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * Writes through Jetty's session, frame by frame: the path for a session with a negotiated
 * extension (permessage-deflate compresses each frame for its session), which must see every frame.
 * The frames but the last are batched, so the last one's write carries them all.
 */
final class SessionWriter extends FrameWriter {
  private final CoreSession session;

  SessionWriter(OutboundQueue owner, CoreSession session) {
    super(owner);
    this.session = session;
  }

  @Override
  boolean write(OutboundMessage[] ring, int head, int count, FrameViews views) {
    for (int i = 0; i < count - 1; i++) {
      session.sendFrame(MessageRing.at(ring, head, i).newFrame(), Callback.NOOP, true);
    }
    session.sendFrame(MessageRing.at(ring, head, count - 1).newFrame(), this, false);
    return false;
  }
}
