package org.chatharness.server.outbound;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Extension;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.IncomingFrames;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.OutgoingFrames;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Where the frames Jetty sends for a session of its own accord (the heartbeat's pings, a close, the
 * answer to a client's close, the close of a protocol error) wait for the session's socket writes:
 * an internal extension (its name starts with {@code @}, so it is never offered to or named to a
 * client) that sits last before Jetty's frame flusher.
 *
 * <p>The {@link OutboundQueue} writes a session's messages straight to the socket ({@link
 * SocketWriter}), and the socket takes only one write at a time: a frame of Jetty's written in the
 * middle of one of the queue's would fail the connection. So every frame of Jetty's passes here,
 * and the queue hands it on only when no write of its own is in flight, and starts none until
 * Jetty's is done. Before the queue is {@link #bind bound} (there is no session to write to yet),
 * frames pass straight on.
 *
 * <p>Incoming frames pass through untouched.
 */
public final class JettyFrameGate implements Extension {
  /** The name it is registered and negotiated under. */
  public static final String NAME = "@chat-outbound";

  private ExtensionConfig config;
  private IncomingFrames nextIncoming;
  private OutgoingFrames nextOutgoing;
  private volatile OutboundQueue queue;

  /** Jetty makes one per session, by reflection. */
  public JettyFrameGate() {}

  /** The gate of {@code session}, if it has one. */
  static JettyFrameGate of(CoreSession session) {
    if (session instanceof WebSocketCoreSession jetty) {
      for (Extension extension : jetty.getExtensionStack().getExtensions()) {
        if (extension instanceof JettyFrameGate gate) {
          return gate;
        }
      }
    }
    return null;
  }

  /** From now on Jetty's frames wait for {@code outbound}'s writes. */
  void bind(OutboundQueue outbound) {
    queue = outbound;
  }

  @Override
  public void sendFrame(OutgoingEntry entry) {
    OutboundQueue outbound = queue;
    if (outbound == null) {
      nextOutgoing.sendFrame(entry);
    } else {
      outbound.fromJetty(this, entry);
    }
  }

  /**
   * Hands one of Jetty's frames on to the frame flusher, to be written at once (not batched: a
   * batched frame would complete before its bytes reach the socket), calling {@code done} after its
   * own callback.
   */
  void passOn(OutgoingEntry entry, Callback done) {
    Callback own = entry.getCallback();
    nextOutgoing.sendFrame(
        new OutgoingEntry.Builder(entry)
            .batch(false)
            .callback(
                Callback.from(
                    own.getInvocationType(),
                    () -> {
                      try {
                        own.succeeded();
                      } finally {
                        done.succeeded();
                      }
                    },
                    failure -> {
                      try {
                        own.failed(failure);
                      } finally {
                        done.succeeded();
                      }
                    }))
            .build());
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    nextIncoming.onFrame(frame, callback);
  }

  @Override
  public void init(ExtensionConfig negotiated, WebSocketComponents components) {
    config = negotiated;
  }

  @Override
  public ExtensionConfig getConfig() {
    return config;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean isRsv1User() {
    return false;
  }

  @Override
  public boolean isRsv2User() {
    return false;
  }

  @Override
  public boolean isRsv3User() {
    return false;
  }

  @Override
  public void setNextIncomingFrames(IncomingFrames next) {
    nextIncoming = next;
  }

  @Override
  public void setNextOutgoingFrames(OutgoingFrames next) {
    nextOutgoing = next;
  }

  @Override
  public void setCoreSession(CoreSession session) {
    // Bound to its queue when the session opens (OutboundQueue.attach).
  }
}
