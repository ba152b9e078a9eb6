package org.chatharness.load.raw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * The client's side of the WebSocket opening handshake (RFC 6455 section 4): no subprotocol, no
 * extension, no {@code Origin} (as a command-line client), so the server speaks plain text frames.
 */
final class Handshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_RESPONSE_BYTES = 16 * 1024;

  private final String key;

  Handshake(Random random) {
    this(newKey(random));
  }

  /** A handshake with a given key (RFC 6455's example, in tests). */
  Handshake(String key) {
    this.key = key;
  }

  private static String newKey(Random random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** The upgrade request for {@code path} on {@code hostPort}. */
  byte[] request(String hostPort, String path) {
    return ("GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + hostPort
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads the response up to the end of its headers and checks it accepts this request.
   *
   * @return bytes that came after the headers (the first frames, if the server was quick)
   * @throws IOException with the status line when the server did not switch protocols
   */
  ByteBuffer readResponse(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    int filled = 0;
    int end;
    while ((end = headersEnd(buffer, filled)) < 0) {
      if (filled == buffer.length) {
        if (buffer.length >= MAX_RESPONSE_BYTES) {
          throw new IOException("handshake response headers over " + MAX_RESPONSE_BYTES + " bytes");
        }
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw new IOException("connection closed during the handshake");
      }
      filled += n;
    }
    check(new String(buffer, 0, end, StandardCharsets.ISO_8859_1));
    return ByteBuffer.wrap(buffer, end, filled - end).slice();
  }

  /** Checks a response head (status line and headers, without the blank line's end). */
  void check(String head) throws IOException {
    String[] lines = head.split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + lines[0]);
    }
    String accept = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon)
              .trim()
              .toLowerCase(Locale.ROOT)
              .equals("sec-websocket-accept")) {
        accept = line.substring(colon + 1).trim();
      }
    }
    if (!expectedAccept().equals(accept)) {
      throw new IOException("handshake answered with a wrong Sec-WebSocket-Accept: " + accept);
    }
  }

  /** What the server must answer in {@code Sec-WebSocket-Accept} for this request's key. */
  String expectedAccept() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  String key() {
    return key;
  }

  /** Index just past the blank line ending the headers in {@code bytes[0..length)}, or -1. */
  private static int headersEnd(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n'
          && bytes[i - 1] == '\r'
          && bytes[i - 2] == '\n'
          && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }
}
