package org.chatharness.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the server can be told, read once at start-up and never changed afterwards.
 *
 * <p>{@link #defaults()} holds the documented defaults; tests start from it and change what they
 * need with the {@code with...} methods.
 */
public record ServerConfig(
    String host,
    int port,
    int maxMessageBytes,
    long outboundQueueBytes,
    Duration idleTimeout,
    Duration pingInterval,
    List<String> allowedOrigins,
    boolean permessageDeflate,
    Duration shutdownTimeout) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8000;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
  public static final long DEFAULT_OUTBOUND_QUEUE_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    allowedOrigins = List.copyOf(allowedOrigins);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("max message size must be positive");
    }
    if (outboundQueueBytes < maxMessageBytes) {
      throw new IllegalArgumentException(
          "outbound queue limit ("
              + outboundQueueBytes
              + " bytes) must hold at least one message of the maximum size ("
              + maxMessageBytes
              + " bytes)");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive");
    }
    if (pingInterval.isNegative()
        || pingInterval.isZero()
        || pingInterval.compareTo(idleTimeout) >= 0) {
      throw new IllegalArgumentException(
          "ping interval must be positive and shorter than the idle timeout");
    }
  }

  /** The documented defaults: port 8000 on every interface. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_OUTBOUND_QUEUE_BYTES,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_PING_INTERVAL,
        List.of(),
        false,
        DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** The defaults on a free port of the loopback interface, as tests want them. */
  public static ServerConfig forTests() {
    return defaults().withHost("127.0.0.1").withPort(0);
  }

  public ServerConfig withHost(String value) {
    return new ServerConfig(
        value,
        port,
        maxMessageBytes,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(
        host,
        value,
        maxMessageBytes,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withMaxMessageBytes(int value) {
    return new ServerConfig(
        host,
        port,
        value,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withOutboundQueueBytes(long value) {
    return new ServerConfig(
        host,
        port,
        maxMessageBytes,
        value,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withTimeouts(Duration idle, Duration ping) {
    return new ServerConfig(
        host,
        port,
        maxMessageBytes,
        outboundQueueBytes,
        idle,
        ping,
        allowedOrigins,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withAllowedOrigins(List<String> value) {
    return new ServerConfig(
        host,
        port,
        maxMessageBytes,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        value,
        permessageDeflate,
        shutdownTimeout);
  }

  public ServerConfig withPermessageDeflate(boolean value) {
    return new ServerConfig(
        host,
        port,
        maxMessageBytes,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        value,
        shutdownTimeout);
  }

  public ServerConfig withShutdownTimeout(Duration value) {
    return new ServerConfig(
        host,
        port,
        maxMessageBytes,
        outboundQueueBytes,
        idleTimeout,
        pingInterval,
        allowedOrigins,
        permessageDeflate,
        value);
  }
}
