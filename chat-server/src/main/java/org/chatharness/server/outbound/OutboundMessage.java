package org.chatharness.server.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One encoded text message, shared by every recipient of a fan-out.
 *
 * <p>The bytes are encoded once; each recipient's frame gets its own {@link ByteBuffer#slice()
 * view} of them, because the socket write advances the position of the buffer it is given.
 */
public final class OutboundMessage {
  private final ByteBuffer payload;

  private OutboundMessage(ByteBuffer payload) {
    this.payload = payload;
  }

  /** Encodes {@code text} as UTF-8, once. */
  public static OutboundMessage ofText(String text) {
    return new OutboundMessage(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Wraps bytes that are already valid UTF-8; the caller must not change them afterwards. */
  public static OutboundMessage ofUtf8(byte[] utf8) {
    return new OutboundMessage(ByteBuffer.wrap(utf8));
  }

  /** Size of the payload in bytes, as counted against a session's outbound limit. */
  public int size() {
    return payload.remaining();
  }

  /** A new text frame over a private view of the shared bytes. */
  Frame newFrame() {
    return new Frame(OpCode.TEXT, payload.slice());
  }

  /** The text, decoded again; for logs and tests, not for the send path. */
  public String text() {
    return StandardCharsets.UTF_8.decode(payload.slice()).toString();
  }
}
