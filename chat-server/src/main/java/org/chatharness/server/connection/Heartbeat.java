package org.chatharness.server.connection;

import java.time.Duration;
import org.chatharness.server.timer.Ticker;

/**
 * Pings every connection at a fixed interval and closes those that have not been heard from within
 * the idle timeout.
 *
 * <p>Jetty's own idle timeout counts writes as activity, so a server that keeps broadcasting (or
 * pinging) would keep a dead peer open forever; this checks what was <em>received</em>. A
 * connection that was asked to close but never completed the handshake (a peer that stopped
 * reading) is aborted one interval later, so it cannot hold its buffers. An upgrade whose session
 * never opened is given up the same way, as a connection never heard from.
 */
public final class Heartbeat implements AutoCloseable {
  private final Connections connections;
  private final long idleNanos;
  private final long intervalNanos;
  private final Ticker ticker;

  public Heartbeat(Connections connections, Duration idleTimeout, Duration interval) {
    this.connections = connections;
    this.idleNanos = idleTimeout.toNanos();
    this.intervalNanos = interval.toNanos();
    this.ticker = new Ticker("chat-heartbeat", interval, this::beat);
  }

  /** Starts the periodic check. */
  public void start() {
    ticker.start();
  }

  void beat() {
    long now = System.nanoTime();
    for (ChatConnection connection : connections.all()) {
      long closingSince = connection.closingSinceNanos();
      if (closingSince != 0) {
        if (now - closingSince > intervalNanos) {
          connection.abort();
        }
      } else if (now - connection.lastHeardNanos() > idleNanos) {
        connection.close(CloseCodes.GOING_AWAY, "idle timeout");
      } else {
        connection.sendPing();
      }
    }
  }

  @Override
  public void close() {
    ticker.close();
  }
}
