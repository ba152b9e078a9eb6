package org.chatharness.conformance.client;

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
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocketFactory;

/**
 * A WebSocket client at the level of bytes on a socket, for what a well-behaved client library will
 * not do: send invalid frames, stop reading, or go away without a word.
 *
 * <pre>{@code
 * try (RawWebSocket raw = RawWebSocket.connect(URI.create("ws://localhost:8000/"), 0)) {
 *   raw.send(true, RawWebSocket.TEXT, new byte[] {(byte) 0xC0, (byte) 0xAF});
 *   int code = raw.readUntilClose().closeCode(); // 1007
 * }
 * }</pre>
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CONTINUATION = 0x0;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final int CONNECT_TIMEOUT_MILLIS = 5000;
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static final int STREAM_CHUNK = 64 * 1024;

  /** One frame as read from the server, or a whole message from {@link #readMessage()}. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame; 1005 (no code) for an empty one. */
    public int closeCode() {
      return payload.length < 2 ? 1005 : ByteBuffer.wrap(payload).getShort() & 0xFFFF;
    }

    /** The close reason of a close frame. */
    public String closeReason() {
      return payload.length <= 2
          ? ""
          : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private String acceptedProtocol;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens a socket and completes the handshake; {@code receiveBuffer} 0 keeps the OS default. */
  public static RawWebSocket connect(URI ws, int receiveBuffer) throws IOException {
    return connect(ws, receiveBuffer, null, Map.of());
  }

  /**
   * Opens a socket ({@code ws:} or {@code wss:}) and completes the handshake, offering {@code
   * subprotocol} when it is not null.
   */
  public static RawWebSocket connect(URI ws, int receiveBuffer, String subprotocol)
      throws IOException {
    return connect(ws, receiveBuffer, subprotocol, Map.of());
  }

  /**
   * As {@link #connect(URI, int, String)}, with {@code headers} added to the handshake (as a proxy
   * or a browser would add them); a refusal throws an {@link IOException} naming the HTTP status
   * line.
   */
  public static RawWebSocket connect(
      URI ws, int receiveBuffer, String subprotocol, Map<String, String> headers)
      throws IOException {
    boolean tls = "wss".equalsIgnoreCase(ws.getScheme());
    Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(ws.getHost(), port(ws)), CONNECT_TIMEOUT_MILLIS);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    RawWebSocket raw = new RawWebSocket(socket);
    try {
      raw.handshake(ws, subprotocol, headers);
    } catch (IOException refused) {
      socket.close();
      throw refused;
    }
    return raw;
  }

  private static int port(URI ws) {
    if (ws.getPort() > 0) {
      return ws.getPort();
    }
    return "wss".equalsIgnoreCase(ws.getScheme()) ? 443 : 80;
  }

  private void handshake(URI ws, String subprotocol, Map<String, String> headers)
      throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
    StringBuilder request =
        new StringBuilder()
            .append("GET ")
            .append(path)
            .append(ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery())
            .append(" HTTP/1.1\r\nHost: ")
            .append(ws.getHost())
            .append(ws.getPort() > 0 ? ":" + ws.getPort() : "")
            .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
            .append(Base64.getEncoder().encodeToString(nonce))
            .append("\r\nSec-WebSocket-Version: 13\r\n");
    if (subprotocol != null) {
      request.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
    }
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHeaders();
    String status = head.substring(0, head.indexOf('\r'));
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status);
    }
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-protocol:")) {
        acceptedProtocol = line.substring(line.indexOf(':') + 1).trim();
      }
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
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The subprotocol the server accepted, or null. */
  public String acceptedProtocol() {
    return acceptedProtocol;
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
    byte[] mask = masked ? newMask() : null;
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.writeBytes(header(fin, rsv, opcode, payload.length, mask));
    frame.writeBytes(masked ? masked(payload, mask, 0) : payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * Sends one final masked frame of {@code length} bytes, all {@code filler}, in chunks: a message
   * larger than a server accepts is written without being held in memory. Throws as soon as the
   * server has closed the connection.
   */
  public void sendFilled(int opcode, long length, byte filler) throws IOException {
    byte[] mask = newMask();
    out.write(header(true, 0, opcode, length, mask));
    byte[] plain = new byte[STREAM_CHUNK];
    Arrays.fill(plain, filler);
    // Chunks are a multiple of four bytes long, so every chunk starts at mask offset 0.
    byte[] chunk = masked(plain, mask, 0);
    for (long sent = 0; sent < length; ) {
      int size = (int) Math.min(STREAM_CHUNK, length - sent);
      out.write(chunk, 0, size);
      sent += size;
    }
    out.flush();
  }

  private static byte[] newMask() {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    return mask;
  }

  private static byte[] header(boolean fin, int rsv, int opcode, long length, byte[] mask) {
    ByteBuffer header = ByteBuffer.allocate(14);
    header.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    int maskBit = mask != null ? 0x80 : 0;
    if (length < 126) {
      header.put((byte) (maskBit | length));
    } else if (length < 65536) {
      header.put((byte) (maskBit | 126)).putShort((short) length);
    } else {
      header.put((byte) (maskBit | 127)).putLong(length);
    }
    if (mask != null) {
      header.put(mask);
    }
    return Arrays.copyOf(header.array(), header.position());
  }

  private static byte[] masked(byte[] payload, byte[] mask, int offset) {
    byte[] result = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      result[i] = (byte) (payload[i] ^ mask[(offset + i) & 3]);
    }
    return result;
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
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("frame of " + length + " bytes from the server");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
  }

  /**
   * Reads the next whole message: a data message with its fragments joined (its opcode is the first
   * frame's), or a close frame. Pings and pongs in between are skipped, unanswered.
   */
  public Frame readMessage() throws IOException {
    Frame first;
    do {
      first = read();
    } while (first.opcode() == PING || first.opcode() == PONG);
    if (first.fin() || first.opcode() == CLOSE) {
      return first;
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(first.payload());
    Frame next;
    do {
      next = read();
      if (next.opcode() == CLOSE) {
        return next;
      }
      if (next.opcode() == CONTINUATION) {
        message.writeBytes(next.payload());
      }
    } while (!(next.opcode() == CONTINUATION && next.fin()));
    return new Frame(true, first.opcode(), message.toByteArray());
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

  /**
   * Ends the connection without a close frame and with a TCP reset: as a crashed client or a pulled
   * cable looks to the server.
   */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
