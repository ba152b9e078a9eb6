package org.chatharness.server.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client that sends a request a byte at a time, slowly enough to hold a socket but fast enough to
 * restart every idle timer: what a request deadline must stop.
 */
public final class Slowloris {
  private static final int BYTE_EVERY_MILLIS = 200;

  private Slowloris() {}

  /**
   * Sends {@code request} a byte every 200 ms (repeating its last byte once done) until the server
   * closes the socket, for at most {@code within}; returns whether it did.
   */
  public static boolean dripUntilDropped(Socket socket, byte[] request, Duration within)
      throws IOException {
    socket.setSoTimeout(BYTE_EVERY_MILLIS);
    OutputStream out = socket.getOutputStream();
    long deadline = System.nanoTime() + within.toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      try {
        out.write(request[Math.min(i, request.length - 1)]);
        out.flush();
        if (socket.getInputStream().read() == -1) {
          return true;
        }
      } catch (SocketTimeoutException stillOpen) {
        // nothing to read: the next byte
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }
}
