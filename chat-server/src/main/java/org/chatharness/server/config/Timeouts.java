package org.chatharness.server.config;

import java.time.Duration;

/**
 * How long the server waits, for clients and for itself.
 *
 * @param idle a WebSocket not heard from (not even a pong) for this long is closed with 1001
 * @param ping how often every WebSocket is pinged; shorter than {@code idle}
 * @param shutdown on stop, how long clients have to finish the close handshake
 * @param handshake how long an HTTP connection may take over a request, or wait for its next one
 */
public record Timeouts(Duration idle, Duration ping, Duration shutdown, Duration handshake) {
  /** The documented defaults. */
  public static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(60),
          Duration.ofSeconds(20),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10));

  public Timeouts {
    Require.that(idle.compareTo(Duration.ZERO) > 0, "idle timeout must be positive");
    Require.that(
        ping.compareTo(Duration.ZERO) > 0 && ping.compareTo(idle) < 0,
        "ping interval must be positive and shorter than the idle timeout");
    Require.that(!shutdown.isNegative(), "shutdown timeout must not be negative");
    Require.that(handshake.compareTo(Duration.ZERO) > 0, "handshake timeout must be positive");
  }
}
