package org.chatharness.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/** Whether the server ends a socket, as a client reading it sees: end of stream or a reset. */
public final class SocketEnd {
  private SocketEnd() {}

  /**
   * Reads and discards until the server ends the socket; false if the socket's read timeout passes
   * first (it is still open).
   */
  public static boolean reached(InputStream in) {
    try {
      while (in.read() >= 0) {
        // whatever the server still sends (pings, a close frame) before it ends the socket
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
