package org.chatharness.server.outbound;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Frames a payload as a server sends it (RFC 6455 section 5.2: unmasked, no extension bits), once
 * for every recipient: the header and the payload in one array, ready for the socket.
 *
 * <p>A data payload longer than the largest frame is split into a first frame of its opcode and
 * continuation frames, as Jetty's own auto-fragmentation would; a control frame is never split (its
 * payload is at most 125 bytes).
 */
final class FrameEncoder {
  /** The first byte's FIN bit: the last frame of a message. */
  private static final int FIN = 0x80;

  /** The largest payload whose length fits in the header's first length byte. */
  private static final int SHORT_LENGTH = 125;

  private FrameEncoder() {}

  /** The header's size for a payload of {@code length} bytes: 2, 4 or 10. */
  static int headerLength(long length) {
    return length <= SHORT_LENGTH ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /**
   * Writes the header of a frame with {@code length} payload bytes at {@code at}; returns the index
   * after it.
   */
  static int writeHeader(byte[] into, int at, byte opCode, boolean fin, long length) {
    into[at++] = (byte) ((fin ? FIN : 0) | opCode);
    if (length <= SHORT_LENGTH) {
      into[at++] = (byte) length;
    } else if (length <= 0xFFFF) {
      into[at++] = 126;
      into[at++] = (byte) (length >>> 8);
      into[at++] = (byte) length;
    } else {
      into[at++] = 127;
      for (int shift = 56; shift >= 0; shift -= 8) {
        into[at++] = (byte) (length >>> shift);
      }
    }
    return at;
  }

  /**
   * One whole frame (FIN set) carrying {@code payload}'s remaining bytes, which are not consumed.
   */
  static ByteBuffer frame(byte opCode, ByteBuffer payload) {
    int length = payload.remaining();
    byte[] bytes = new byte[headerLength(length) + length];
    int at = writeHeader(bytes, 0, opCode, true, length);
    payload.slice().get(bytes, at, length);
    return ByteBuffer.wrap(bytes);
  }

  /**
   * The frames of a message whose payload may be longer than {@code maxFrameBytes}: a first frame
   * with {@code opCode}, then continuation frames, the last one with FIN set. The payload's
   * remaining bytes are not consumed.
   */
  static ByteBuffer fragments(byte opCode, ByteBuffer payload, long maxFrameBytes) {
    int length = payload.remaining();
    if (length <= maxFrameBytes || OpCode.isControlFrame(opCode)) {
      return frame(opCode, payload);
    }
    int pieceMax = (int) maxFrameBytes;
    int pieces = (length + pieceMax - 1) / pieceMax;
    int size = length;
    for (int i = 0; i < pieces; i++) {
      size += headerLength(Math.min(pieceMax, length - (long) i * pieceMax));
    }
    byte[] bytes = new byte[size];
    ByteBuffer source = payload.slice();
    int at = 0;
    for (int i = 0; i < pieces; i++) {
      int piece = Math.min(pieceMax, source.remaining());
      at = writeHeader(bytes, at, i == 0 ? opCode : OpCode.CONTINUATION, i == pieces - 1, piece);
      source.get(bytes, at, piece);
      at += piece;
    }
    return ByteBuffer.wrap(bytes);
  }
}
