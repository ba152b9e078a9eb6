package org.chatharness.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Connector;

/**
 * Jetty's connection meters ({@code jetty_connections_*}), read from Jetty's own {@link
 * ConnectionStatistics}.
 *
 * <p>Micrometer's {@code JettyConnectionMetrics} keeps a timer sample in a map for every open
 * connection, 56 bytes each; at tens of thousands of idle connections that is a measurable share of
 * a connection's heap. {@code ConnectionStatistics} keeps only counters and reads each connection's
 * age from the connection itself when it closes.
 */
public final class JettyConnectionMeters {
  private JettyConnectionMeters() {}

  /** Counts the connections of {@code connector}; call before the server starts. */
  public static void bind(Connector connector, MeterRegistry registry) {
    ConnectionStatistics stats = new ConnectionStatistics();
    connector.addBean(stats);
    Gauge.builder("jetty.connections.current", stats, ConnectionStatistics::getConnections)
        .description("Open connections, HTTP and WebSocket")
        .register(registry);
    Gauge.builder("jetty.connections.max", stats, ConnectionStatistics::getConnectionsMax)
        .description("Most connections open at once since start")
        .register(registry);
    FunctionCounter.builder(
            "jetty.connections.opened", stats, ConnectionStatistics::getConnectionsTotal)
        .description("Connections opened since start (an upgrade counts the new connection too)")
        .register(registry);
    Gauge.builder(
            "jetty.connections.duration.mean", stats, s -> s.getConnectionDurationMean() / 1000.0)
        .description("Mean life of the closed connections")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder(
            "jetty.connections.duration.max", stats, s -> s.getConnectionDurationMax() / 1000.0)
        .description("Longest life of a closed connection")
        .baseUnit("seconds")
        .register(registry);
    FunctionCounter.builder(
            "jetty.connections.bytes.in", stats, ConnectionStatistics::getReceivedBytes)
        .description("Bytes received")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "jetty.connections.bytes.out", stats, ConnectionStatistics::getSentBytes)
        .description("Bytes sent")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "jetty.connections.messages.in", stats, ConnectionStatistics::getReceivedMessages)
        .description("Messages received (requests and WebSocket frames)")
        .register(registry);
    FunctionCounter.builder(
            "jetty.connections.messages.out", stats, ConnectionStatistics::getSentMessages)
        .description("Messages sent (responses and WebSocket frames)")
        .register(registry);
  }
}
