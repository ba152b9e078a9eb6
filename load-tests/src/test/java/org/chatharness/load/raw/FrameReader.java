package org.chatharness.load.raw;

import java.nio.ByteBuffer;

/**
 * Cuts a server's byte stream into frames, whatever the read boundaries, without copying what it
 * does not need: a sink only learns each data frame's opcode and size; a probe also gets the
 * payload. Control frames (close, ping) always come with their payload, since the client must act
 * on it.
 */
final class FrameReader {
  /** Called once per complete frame. */
  interface Listener {
    /**
     * @param wireBytes header and payload as they came on the wire
     * @param payload the payload in {@code [0, length)} when kept, else {@code null}; valid only
     *     during the call
     */
    void frame(int opcode, boolean fin, int wireBytes, byte[] payload, int length);
  }

  /** Largest payload a probe keeps; a server frame of this harness's messages is far smaller. */
  static final int MAX_KEPT_PAYLOAD = 1 << 20;

  private final boolean keepData;
  private final byte[] header = new byte[14];
  private int headerFilled;
  private int headerNeeded = 2;
  private int opcode;
  private boolean fin;
  private long payloadLength;
  private long payloadLeft;
  private int wireBytes;
  private byte[] payload = new byte[128];
  private int payloadFilled;
  private boolean keep;

  FrameReader(boolean keepData) {
    this.keepData = keepData;
  }

  /** Consumes everything in {@code in}, calling {@code listener} for each frame completed. */
  void feed(ByteBuffer in, Listener listener) throws ProtocolException {
    while (in.hasRemaining()) {
      if (headerFilled < headerNeeded) {
        readHeader(in);
      } else {
        int take = (int) Math.min(payloadLeft, in.remaining());
        if (keep) {
          in.get(payload, payloadFilled, take);
          payloadFilled += take;
        } else {
          in.position(in.position() + take);
        }
        payloadLeft -= take;
      }
      if (headerFilled == headerNeeded && payloadLeft == 0) {
        listener.frame(opcode, fin, wireBytes, keep ? payload : null, (int) payloadLength);
        headerFilled = 0;
        headerNeeded = 2;
      }
    }
  }

  private void readHeader(ByteBuffer in) throws ProtocolException {
    while (headerFilled < headerNeeded && in.hasRemaining()) {
      header[headerFilled++] = in.get();
      if (headerFilled == 2) {
        if ((header[1] & 0x80) != 0) {
          throw new ProtocolException("a server frame was masked");
        }
        int length7 = header[1] & 0x7F;
        headerNeeded = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
      }
    }
    if (headerFilled == headerNeeded) {
      startPayload();
    }
  }

  private void startPayload() throws ProtocolException {
    fin = (header[0] & 0x80) != 0;
    opcode = header[0] & 0x0F;
    int length7 = header[1] & 0x7F;
    if (length7 < 126) {
      payloadLength = length7;
    } else if (length7 == 126) {
      payloadLength = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    } else {
      payloadLength = ByteBuffer.wrap(header, 2, 8).getLong();
    }
    boolean control = (opcode & 0x8) != 0;
    if (payloadLength < 0 || (control && payloadLength > 125)) {
      throw new ProtocolException("bad frame length " + payloadLength);
    }
    keep = control || keepData;
    if (keep && payloadLength > MAX_KEPT_PAYLOAD) {
      throw new ProtocolException("frame of " + payloadLength + " bytes is over a probe's limit");
    }
    if (keep && payload.length < payloadLength) {
      payload = new byte[(int) payloadLength];
    }
    payloadLeft = payloadLength;
    payloadFilled = 0;
    wireBytes = (int) Math.min(Integer.MAX_VALUE, headerNeeded + payloadLength);
  }

  /** The server broke the framing rules: the connection's counts cannot be trusted any more. */
  static final class ProtocolException extends Exception {
    ProtocolException(String message) {
      super(message);
    }
  }
}
