package org.chatharness.load.raw;

import java.nio.ByteBuffer;

/**
 * The frames a client sends (RFC 6455 section 5): always masked, never fragmented, no extension.
 *
 * <p>Also the size of the frame a server sends back for a payload, which is what completeness is
 * counted in: a server frame is not masked, so its header is 2, 4 or 10 bytes.
 */
final class ClientFrames {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** Largest frame a client writes here: a 64 KiB payload and the longest header. */
  static final int MAX_FRAME_BYTES = 14 + 65_536;

  private ClientFrames() {}

  /**
   * Writes one masked frame with FIN set into {@code out} (which must have room), the payload being
   * {@code payload[0..length)}.
   */
  static void write(ByteBuffer out, int opcode, byte[] payload, int length, int mask) {
    out.put((byte) (0x80 | opcode));
    if (length < 126) {
      out.put((byte) (0x80 | length));
    } else if (length < 65_536) {
      out.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      out.put((byte) (0x80 | 127)).putLong(length);
    }
    out.putInt(mask);
    for (int i = 0; i < length; i++) {
      out.put((byte) (payload[i] ^ (mask >>> (8 * (3 - (i & 3))))));
    }
  }

  /** A close frame with a status code and no reason. */
  static ByteBuffer close(int code, int mask) {
    ByteBuffer out = ByteBuffer.allocate(8);
    write(out, CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, 2, mask);
    return out.flip();
  }

  /** The pong that answers a ping, with the ping's payload. */
  static ByteBuffer pong(byte[] payload, int length, int mask) {
    ByteBuffer out = ByteBuffer.allocate(6 + length);
    write(out, PONG, payload, length, mask);
    return out.flip();
  }

  /** Bytes on the wire of an unmasked, unfragmented server frame carrying {@code payload} bytes. */
  static int serverFrameBytes(int payload) {
    int header = payload < 126 ? 2 : payload < 65_536 ? 4 : 10;
    return header + payload;
  }
}
