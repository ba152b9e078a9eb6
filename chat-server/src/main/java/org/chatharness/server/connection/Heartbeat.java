package org.chatharness.server.connection;

import org.chatharness.server.config.Timeouts;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.timer.Ticker;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Pings every connection once per ping interval and closes those that have not been heard from
 * within the idle timeout.
 *
 * <p>Jetty's own idle timeout counts writes as activity, so a server that keeps broadcasting (or
 * pinging) would keep a dead peer open forever; this checks what was <em>received</em>. A
 * connection that was asked to close but never completed the handshake (a peer that stopped
 * reading) is aborted one interval later, so it cannot hold its buffers. An upgrade whose session
 * never opened is given up the same way, as a connection never heard from.
 *
 * <p>The interval is beaten in {@link Connections#SLICES} beats, each visiting one part of the
 * connections: ten thousand pings at once, and their ten thousand pongs, would hold a core for
 * longer than a broadcast to all of them, and delay every message meanwhile. The ping is one frame,
 * framed once, that every connection's queue writes like any message.
 *
 * <p>A lifecycle bean: it beats from its start until its stop.
 */
public final class Heartbeat extends ContainerLifeCycle {
  private final Connections connections;
  private final long idleNanos;
  private final long intervalNanos;
  private final OutboundMessage ping = OutboundMessage.ping();
  // Only the ticker's runs touch it, one at a time.
  private int nextSlice;

  /**
   * @param timeouts the idle timeout, and the ping interval in which every connection is visited
   */
  public Heartbeat(Connections connections, Timeouts timeouts, Timer timer) {
    this.connections = connections;
    this.idleNanos = timeouts.idle().toNanos();
    this.intervalNanos = timeouts.ping().toNanos();
    addBean(
        new Ticker("heartbeat", timeouts.ping().dividedBy(Connections.SLICES), this::beat, timer));
  }

  /** Visits the next part of the connections. */
  void beat() {
    long now = System.nanoTime();
    for (ChatConnection connection : connections.slice(nextSlice)) {
      long closingSince = connection.closingSinceNanos();
      if (closingSince != 0) {
        if (now - closingSince > intervalNanos) {
          connection.abort();
        }
      } else if (now - connection.lastHeardNanos() > idleNanos) {
        connection.close(CloseCodes.GOING_AWAY, "idle timeout");
      } else {
        connection.sendPing(ping);
      }
    }
    nextSlice = (nextSlice + 1) % Connections.SLICES;
  }
}
