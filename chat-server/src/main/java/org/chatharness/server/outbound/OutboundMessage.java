package org.chatharness.server.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One message on its way to clients, framed once: a text message shared by every recipient of a
 * fan-out, the heartbeat's ping shared by every connection, or a session's own pong.
 *
 * <p>The bytes are encoded and framed (header and payload in one array) when the message is made;
 * each recipient's write gets its own {@link ByteBuffer#duplicate() view} of them, because a socket
 * write advances the position of the buffer it is given. A payload larger than a session's largest
 * frame is split into fragments the first time such a session asks, and that framing is shared too.
 */
public final class OutboundMessage {
  /**
   * What every message costs a session's queue besides its frame's bytes: its slot in the queue's
   * ring and in the array a write gathers. An empty message still counts, so no number of them fits
   * in a bounded queue for free.
   */
  static final int ENTRY_BYTES = 16;

  /**
   * What a pong costs a session's queue besides its frame and its entry: its own objects (this
   * message, a buffer and its array), which, unlike a shared message's, belong to one session
   * alone.
   */
  static final int PONG_OVERHEAD_BYTES = 96;

  /** The most bytes of a close frame's reason: a control frame's 125 less the code's two. */
  static final int MAX_REASON_BYTES = 123;

  private final byte opCode;
  // Header and payload of the message as one frame; never changed, only viewed.
  private final ByteBuffer frame;
  private final ByteBuffer payload;
  private final int charge;
  // The fragmented framing for the largest frame size asked so far, made once when first needed.
  private volatile Fragmented fragmented;

  private record Fragmented(long maxFrameBytes, ByteBuffer frames) {}

  private OutboundMessage(byte opCode, ByteBuffer payload, int ownObjectBytes) {
    this.opCode = opCode;
    this.frame = FrameEncoder.frame(opCode, payload);
    int length = payload.remaining();
    this.payload = frame.slice(frame.capacity() - length, length);
    this.charge = frame.capacity() + ENTRY_BYTES + ownObjectBytes;
  }

  /**
   * What a text message of {@code payloadBytes} will count against a session's limit ({@link
   * #size}), for an encoder that must fit one in a budget.
   */
  public static long textSize(long payloadBytes) {
    return FrameEncoder.headerLength(payloadBytes) + payloadBytes + ENTRY_BYTES;
  }

  /** Encodes {@code text} as UTF-8, once. */
  public static OutboundMessage ofText(String text) {
    return ofUtf8(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Frames bytes that are already valid UTF-8 (copied: the caller may reuse them). */
  public static OutboundMessage ofUtf8(byte[] utf8) {
    return new OutboundMessage(OpCode.TEXT, ByteBuffer.wrap(utf8), 0);
  }

  /** A pong carrying {@code data} (at most 125 bytes, a ping's application data), copied. */
  public static OutboundMessage pong(ByteBuffer data) {
    return new OutboundMessage(OpCode.PONG, data, PONG_OVERHEAD_BYTES);
  }

  /**
   * A close frame with {@code code} and {@code reason}, the reason cut to the 123 bytes a control
   * frame leaves it (RFC 6455 5.5.1), at a character's boundary.
   */
  public static OutboundMessage close(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(text.length, MAX_REASON_BYTES);
    while (length < text.length && (text[length] & 0xC0) == 0x80) {
      length--;
    }
    ByteBuffer payload = ByteBuffer.allocate(2 + length);
    payload.putShort((short) code).put(text, 0, length).flip();
    return new OutboundMessage(OpCode.CLOSE, payload, 0);
  }

  /** An empty ping, to be shared by every connection pinged. */
  public static OutboundMessage ping() {
    return new OutboundMessage(OpCode.PING, ByteBuffer.allocate(0), 0);
  }

  /**
   * What the message counts against a session's outbound limit, in bytes: its frame (header and
   * payload, what waits to be sent) and its entry in the queue ({@link #ENTRY_BYTES}); a pong also
   * its own objects.
   */
  public int size() {
    return charge;
  }

  /**
   * A private view of the message's frames, for one write: a single frame, or fragments of at most
   * {@code maxFrameBytes} payload bytes each when the payload is larger.
   */
  ByteBuffer frames(long maxFrameBytes) {
    if (payload.capacity() <= maxFrameBytes || OpCode.isControlFrame(opCode)) {
      return frame.duplicate();
    }
    Fragmented framed = fragmented;
    if (framed == null || framed.maxFrameBytes() != maxFrameBytes) {
      framed =
          new Fragmented(maxFrameBytes, FrameEncoder.fragments(opCode, payload, maxFrameBytes));
      fragmented = framed;
    }
    return framed.frames().duplicate();
  }

  /** A new frame over a private view of the payload, for a write through Jetty's session. */
  Frame newFrame() {
    return new Frame(opCode, payload.slice());
  }

  /** The frame's opcode (RFC 6455 5.2). */
  byte opCode() {
    return opCode;
  }

  /** The text, decoded again; for logs and tests, not for the send path. */
  public String text() {
    return StandardCharsets.UTF_8.decode(payload.slice()).toString();
  }
}
