package org.chatharness.server.config;

import java.time.Duration;
import java.util.Objects;
import org.chatharness.server.broker.BrokerUri;

/**
 * The broker that carries the rooms' messages, and with a shared one what it keeps.
 *
 * @param broker {@link #LOCAL} (one node, in memory), or {@code redis://HOST:PORT}
 * @param presenceTimeout with Redis: a node not heard from for this long is taken as gone
 * @param streamLength with Redis: messages each room's stream keeps
 * @param roomTtl with Redis: how long a room with no new message keeps its stream
 * @param maxRooms with Redis: rooms whose streams are kept; the least recently active goes first
 */
public record Cluster(
    String broker, Duration presenceTimeout, int streamLength, Duration roomTtl, int maxRooms) {
  /** The in-memory broker of a single node. */
  public static final String LOCAL = "local";

  /** The documented defaults: one node, in memory. */
  public static final Cluster DEFAULTS =
      new Cluster(LOCAL, Duration.ofSeconds(10), 1000, Duration.ofDays(7), 10_000);

  public Cluster {
    Objects.requireNonNull(broker, "broker");
    Require.that(
        LOCAL.equals(broker) || broker.startsWith("redis://") || broker.startsWith("rediss://"),
        "broker must be 'local' or redis://HOST:PORT, was '" + BrokerUri.redacted(broker) + "'");
    Require.that(
        presenceTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
        "presence timeout must be at least 1s");
    Require.that(streamLength >= 1, "broker stream length must be at least 1");
    Require.that(
        roomTtl.compareTo(Duration.ofSeconds(1)) >= 0, "broker room TTL must be at least 1s");
    Require.that(maxRooms >= 1, "broker max rooms must be at least 1");
  }

  /** Whether this node keeps its rooms to itself, in memory. */
  public boolean isLocal() {
    return LOCAL.equals(broker);
  }

  @Override
  public String toString() {
    // A Redis password in the URI is never shown.
    return "Cluster[broker=" + BrokerUri.redacted(broker) + "]";
  }
}
