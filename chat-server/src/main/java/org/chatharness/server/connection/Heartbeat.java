package org.chatharness.server.connection;

import org.chatharness.server.config.Timeouts;
import org.chatharness.server.timer.Ticker;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Pings every connection at a fixed interval and closes those that have not been heard from within
 * the idle timeout.
 *
 * <p>Jetty's own idle timeout counts writes as activity, so a server that keeps broadcasting (or
 * pinging) would keep a dead peer open forever; this checks what was <em>received</em>. A
 * connection that was asked to close but never completed the handshake (a peer that stopped
 * reading) is aborted one interval later, so it cannot hold its buffers. An upgrade whose session
 * never opened is given up the same way, as a connection never heard from.
 *
 * <p>A lifecycle bean: it beats every ping interval from its start until its stop.
 */
public final class Heartbeat extends ContainerLifeCycle {
  private final Connections connections;
  private final long idleNanos;
  private final long intervalNanos;

  /**
   * @param timeouts the idle timeout, and the ping interval that is also the beat's
   */
  public Heartbeat(Connections connections, Timeouts timeouts, Timer timer) {
    this.connections = connections;
    this.idleNanos = timeouts.idle().toNanos();
    this.intervalNanos = timeouts.ping().toNanos();
    addBean(new Ticker("heartbeat", timeouts.ping(), this::beat, timer));
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
}
