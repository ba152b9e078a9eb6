package org.chatharness.server.outbound;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * Writes through Jetty's session, frame by frame: the path for a session with a negotiated
 * extension (permessage-deflate compresses each frame for its session), which must see every frame.
 * The frames but the last are batched, so the last one's write carries them all.
 */
final class SessionWriter implements FrameWriter {
  private final CoreSession session;

  SessionWriter(CoreSession session) {
    this.session = session;
  }

  @Override
  public boolean write(OutboundMessage[] messages, int count, Callback done) {
    for (int i = 0; i < count - 1; i++) {
      session.sendFrame(messages[i].newFrame(), Callback.NOOP, true);
    }
    session.sendFrame(messages[count - 1].newFrame(), done, false);
    return false;
  }
}
