package org.chatharness.server.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One encoded frame's payload on its way to clients: a text message shared by every recipient of a
 * fan-out, or a session's own pong.
 *
 * <p>The bytes are encoded once; each recipient's frame gets its own {@link ByteBuffer#slice()
 * view} of them, because the socket write advances the position of the buffer it is given.
 */
public final class OutboundMessage {
  /**
   * What a pong costs a session's queue beyond its payload: its own objects (this message, a buffer
   * and its array), which, unlike a shared text message's bytes, belong to one session alone. An
   * empty pong still counts, so no number of them fits in a bounded queue for free.
   */
  static final int PONG_OVERHEAD_BYTES = 96;

  private final byte opCode;
  private final ByteBuffer payload;
  private final int charge;

  private OutboundMessage(byte opCode, ByteBuffer payload, int charge) {
    this.opCode = opCode;
    this.payload = payload;
    this.charge = charge;
  }

  /** Encodes {@code text} as UTF-8, once. */
  public static OutboundMessage ofText(String text) {
    return ofUtf8(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps bytes that are already valid UTF-8; the caller must not change them afterwards. */
  public static OutboundMessage ofUtf8(byte[] utf8) {
    return new OutboundMessage(OpCode.TEXT, ByteBuffer.wrap(utf8), utf8.length);
  }

  /** A pong carrying {@code data} (at most 125 bytes, a ping's application data), copied. */
  public static OutboundMessage pong(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data.slice()).flip();
    return new OutboundMessage(OpCode.PONG, copy, copy.remaining() + PONG_OVERHEAD_BYTES);
  }

  /** What the message counts against a session's outbound limit, in bytes. */
  public int size() {
    return charge;
  }

  /** A new frame over a private view of the shared bytes. */
  Frame newFrame() {
    return new Frame(opCode, payload.slice());
  }

  /** The text, decoded again; for logs and tests, not for the send path. */
  public String text() {
    return StandardCharsets.UTF_8.decode(payload.slice()).toString();
  }
}
