package org.chatharness.server.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client at the level of bytes on a socket, for what a well-behaved client library will
 * not do: send invalid frames, or stop reading.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CONTINUATION = 0x0;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  /** One frame as read from the server. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame. */
    public int closeCode() {
      return ByteBuffer.wrap(payload).getShort() & 0xFFFF;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens a socket and completes the handshake; {@code receiveBuffer} 0 keeps the OS default. */
  public static RawWebSocket connect(URI ws, int receiveBuffer) throws IOException {
    return connect(ws, receiveBuffer, Map.of());
  }

  /**
   * Opens a socket and completes a handshake that carries {@code headers} too (as a proxy or a
   * browser would add them); a refusal throws an {@link IOException} naming the HTTP status line.
   */
  public static RawWebSocket connect(URI ws, int receiveBuffer, Map<String, String> headers)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5000);
    socket.setSoTimeout(10_000);
    RawWebSocket raw = new RawWebSocket(socket);
    try {
      raw.handshake(ws, headers);
    } catch (IOException refused) {
      socket.close();
      throw refused;
    }
    return raw;
  }

  private void handshake(URI ws, Map<String, String> headers) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
    StringBuilder extra = new StringBuilder();
    headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + ws.getHost()
            + ":"
            + ws.getPort()
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + extra
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = readHeaders();
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status);
    }
  }

  private String readHeaders() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during handshake");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    return text.substring(0, text.indexOf('\r'));
  }

  /** Sends one masked frame, as a client must. */
  public void send(boolean fin, int opcode, byte[] payload) throws IOException {
    sendFrame(fin, 0, opcode, payload, true);
  }

  /** Sends raw bytes, for frames no encoder would produce. */
  public void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Sends one frame with full control: {@code rsv} is the three reserved bits (0-7), {@code masked}
   * false breaks the rule that client frames are masked.
   */
  public void sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked)
      throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(maskBit | 127);
      frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    if (masked) {
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      frame.writeBytes(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i & 3]);
      }
    } else {
      frame.writeBytes(payload);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Sends a whole text message in one frame. */
  public void sendText(String text) throws IOException {
    send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the next frame from the server; fails after the socket timeout. */
  public Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
  }

  /** Reads frames until a close frame arrives, answering nothing; returns the close frame. */
  public Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** The socket's input, for a test that reads raw bytes. */
  public InputStream input() {
    return in;
  }

  public void setReadTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
