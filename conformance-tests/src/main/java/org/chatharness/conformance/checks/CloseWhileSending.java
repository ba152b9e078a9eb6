package org.chatharness.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.function.IntFunction;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.client.RawWebSocket;

/**
 * RFC 6455 7.1.1 for a client the server closes while the client is still sending: the server keeps
 * the connection open until the client answers its close, so the client reads the code. A server
 * that closes the socket at once resets it under the client's next frames, and clients such as
 * Node's {@code ws} and Java's {@code WebSocket} then report 1006 instead.
 */
public final class CloseWhileSending {
  private CloseWhileSending() {}

  /**
   * Sends {@code first} messages at once and then 20 more a millisecond apart, as a client that has
   * not read the close yet does; fails if the connection is reset meanwhile. Then reads the close,
   * answers it, and checks the server ends the connection; returns the close frame.
   */
  public static RawWebSocket.Frame sendOnAndReadTheClose(
      RawWebSocket raw, int first, IntFunction<String> text, String attempt) throws Exception {
    try {
      for (int n = 0; n < first; n++) {
        raw.sendText(text.apply(n));
      }
      for (int n = first; n < first + 20; n++) {
        Thread.sleep(1);
        raw.sendText(text.apply(n));
      }
    } catch (IOException reset) {
      throw new AssertionError(
          attempt
              + ": the connection was reset while the client was still sending ("
              + reset
              + "), before it had read or answered a close: clients such as Node's ws and"
              + " Java's WebSocket then report 1006, not the server's code (RFC 6455 7.1.1:"
              + " the server closes the connection after the client's answer to its close)",
          reset);
    }
    RawWebSocket.Frame close = raw.readUntilClose();
    raw.send(true, RawWebSocket.CLOSE, close.payload());
    raw.setReadTimeout((int) Bounds.CLOSE.toMillis());
    try {
      assertThat(raw.input().read())
          .as("%s: the server closes the connection once the client has answered", attempt)
          .isEqualTo(-1);
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError(
          attempt
              + ": the connection is still open "
              + Bounds.CLOSE
              + " after the client answered the server's close",
          stillOpen);
    } catch (IOException reset) {
      // closed, if less politely
    }
    return close;
  }
}
