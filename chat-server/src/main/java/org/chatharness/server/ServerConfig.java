package org.chatharness.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.chatharness.server.broker.BrokerUri;
import org.chatharness.server.http.AddressBlock;

/**
 * Everything the server can be told, read once at start-up and never changed afterwards.
 *
 * <p>{@link #defaults()} holds the documented defaults; tests start from {@link #forTests()} and
 * change what they need with the {@code with...} methods or {@link #toBuilder()}.
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
    Duration shutdownTimeout,
    int historySize,
    double rateLimit,
    int rateBurst,
    int maxRooms,
    Path tlsKeystore,
    String tlsPassword,
    int maxConnectionsPerAddress,
    Duration handshakeTimeout,
    int maxHeaderBytes,
    String broker,
    Duration presenceTimeout,
    List<AddressBlock> trustedProxies,
    int brokerStreamLength,
    Duration brokerRoomTtl,
    int brokerMaxRooms,
    int maxConnections,
    long historyBudgetBytes) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8000;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
  public static final long DEFAULT_OUTBOUND_QUEUE_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_HISTORY_SIZE = 100;
  public static final double DEFAULT_RATE_LIMIT = 10;
  public static final int DEFAULT_RATE_BURST = 20;
  public static final int DEFAULT_MAX_ROOMS = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1000;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
  public static final String LOCAL_BROKER = "local";
  public static final Duration DEFAULT_PRESENCE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_BROKER_STREAM_LENGTH = 1000;
  public static final Duration DEFAULT_BROKER_ROOM_TTL = Duration.ofDays(7);
  public static final int DEFAULT_BROKER_MAX_ROOMS = 10_000;

  /** The open-file limit assumed where the system does not say (not a Unix). */
  static final long FALLBACK_OPEN_FILES = 10_000;

  /**
   * Fewest connections the derived {@code --max-connections} allows, however low the file limit.
   */
  static final int MIN_DERIVED_CONNECTIONS = 64;

  /** File descriptors kept back from WebSockets, at least: /health, the page, Redis, the jar. */
  static final int MIN_RESERVED_FILES = 256;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    allowedOrigins = List.copyOf(allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies);
    require(port >= 0 && port <= 65535, "port must be 0-65535, was " + port);
    require(maxMessageBytes >= 1, "max message size must be positive");
    require(
        outboundQueueBytes >= maxMessageBytes,
        "outbound queue limit ("
            + outboundQueueBytes
            + " bytes) must hold at least one message of the"
            + " maximum size ("
            + maxMessageBytes
            + " bytes)");
    require(idleTimeout.compareTo(Duration.ZERO) > 0, "idle timeout must be positive");
    require(
        pingInterval.compareTo(Duration.ZERO) > 0 && pingInterval.compareTo(idleTimeout) < 0,
        "ping interval must be positive and shorter than the idle timeout");
    require(!shutdownTimeout.isNegative(), "shutdown timeout must not be negative");
    require(historySize >= 0, "history size must not be negative");
    require(rateLimit > 0, "rate limit must be positive");
    require(rateBurst >= 1, "rate burst must be at least 1");
    require(maxRooms >= 1, "max rooms must be at least 1");
    require(
        tlsKeystore == null || tlsPassword != null,
        "a TLS keystore needs its password (--tls-password)");
    require(
        maxConnectionsPerAddress >= 0,
        "max connections per address must not be negative (0: no limit)");
    require(handshakeTimeout.compareTo(Duration.ZERO) > 0, "handshake timeout must be positive");
    require(maxHeaderBytes >= 1024, "max header size must be at least 1KiB");
    Objects.requireNonNull(broker, "broker");
    require(
        LOCAL_BROKER.equals(broker)
            || broker.startsWith("redis://")
            || broker.startsWith("rediss://"),
        "broker must be 'local' or redis://HOST:PORT, was '" + BrokerUri.redacted(broker) + "'");
    require(
        presenceTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
        "presence timeout must be at least 1s");
    require(brokerStreamLength >= 1, "broker stream length must be at least 1");
    require(
        brokerRoomTtl.compareTo(Duration.ofSeconds(1)) >= 0, "broker room TTL must be at least 1s");
    require(brokerMaxRooms >= 1, "broker max rooms must be at least 1");
    require(maxConnections >= 1, "max connections must be at least 1");
    require(historyBudgetBytes >= 0, "history budget must not be negative");
  }

  /**
   * {@code --max-connections} by default: the open-file limit less a tenth of it (at least {@link
   * #MIN_RESERVED_FILES}), so that when WebSockets reach the limit there are still descriptors to
   * answer them 503, and to serve /health and the page; never below {@link
   * #MIN_DERIVED_CONNECTIONS}.
   */
  public static int defaultMaxConnections(long openFileLimit) {
    long reserved = Math.max(MIN_RESERVED_FILES, openFileLimit / 10);
    return (int)
        Math.min(Integer.MAX_VALUE, Math.max(MIN_DERIVED_CONNECTIONS, openFileLimit - reserved));
  }

  /** The process's open-file limit ({@code ulimit -n}), or a fallback where there is none. */
  public static long openFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return FALLBACK_OPEN_FILES;
  }

  /**
   * {@code --history-budget} by default: a quarter of the maximum heap, which leaves the rest for
   * the connections and their queues (docs/RELIABILITY.md has the whole formula).
   */
  public static long defaultHistoryBudget(long maxHeapBytes) {
    return maxHeapBytes / 4;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
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
        DEFAULT_SHUTDOWN_TIMEOUT,
        DEFAULT_HISTORY_SIZE,
        DEFAULT_RATE_LIMIT,
        DEFAULT_RATE_BURST,
        DEFAULT_MAX_ROOMS,
        null,
        null,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_MAX_HEADER_BYTES,
        LOCAL_BROKER,
        DEFAULT_PRESENCE_TIMEOUT,
        List.of(),
        DEFAULT_BROKER_STREAM_LENGTH,
        DEFAULT_BROKER_ROOM_TTL,
        DEFAULT_BROKER_MAX_ROOMS,
        defaultMaxConnections(openFileLimit()),
        defaultHistoryBudget(Runtime.getRuntime().maxMemory()));
  }

  /** The defaults on a free port of the loopback interface, as tests want them. */
  public static ServerConfig forTests() {
    return defaults().toBuilder().host("127.0.0.1").port(0).build();
  }

  public ServerConfig withPort(int value) {
    return toBuilder().port(value).build();
  }

  public ServerConfig withMaxMessageBytes(int value) {
    return toBuilder().maxMessageBytes(value).build();
  }

  public ServerConfig withOutboundQueueBytes(long value) {
    return toBuilder().outboundQueueBytes(value).build();
  }

  public ServerConfig withTimeouts(Duration idle, Duration ping) {
    return toBuilder().idleTimeout(idle).pingInterval(ping).build();
  }

  public ServerConfig withAllowedOrigins(List<String> value) {
    return toBuilder().allowedOrigins(value).build();
  }

  public ServerConfig withShutdownTimeout(Duration value) {
    return toBuilder().shutdownTimeout(value).build();
  }

  /** Whether the server serves https and wss instead of http and ws. */
  public boolean tls() {
    return tlsKeystore != null;
  }

  @Override
  public String toString() {
    // Never print the keystore password, nor the broker's.
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", tls="
        + tls()
        + ", broker="
        + BrokerUri.redacted(broker)
        + "]";
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some values of a configuration; {@link #build()} validates the result. */
  public static final class Builder {
    private String host;
    private int port;
    private int maxMessageBytes;
    private long outboundQueueBytes;
    private Duration idleTimeout;
    private Duration pingInterval;
    private List<String> allowedOrigins;
    private boolean permessageDeflate;
    private Duration shutdownTimeout;
    private int historySize;
    private double rateLimit;
    private int rateBurst;
    private int maxRooms;
    private Path tlsKeystore;
    private String tlsPassword;
    private int maxConnectionsPerAddress;
    private Duration handshakeTimeout;
    private int maxHeaderBytes;
    private String broker;
    private Duration presenceTimeout;
    private List<AddressBlock> trustedProxies;
    private int brokerStreamLength;
    private Duration brokerRoomTtl;
    private int brokerMaxRooms;
    private int maxConnections;
    private long historyBudgetBytes;

    private Builder(ServerConfig c) {
      host = c.host;
      port = c.port;
      maxMessageBytes = c.maxMessageBytes;
      outboundQueueBytes = c.outboundQueueBytes;
      idleTimeout = c.idleTimeout;
      pingInterval = c.pingInterval;
      allowedOrigins = c.allowedOrigins;
      permessageDeflate = c.permessageDeflate;
      shutdownTimeout = c.shutdownTimeout;
      historySize = c.historySize;
      rateLimit = c.rateLimit;
      rateBurst = c.rateBurst;
      maxRooms = c.maxRooms;
      tlsKeystore = c.tlsKeystore;
      tlsPassword = c.tlsPassword;
      maxConnectionsPerAddress = c.maxConnectionsPerAddress;
      handshakeTimeout = c.handshakeTimeout;
      maxHeaderBytes = c.maxHeaderBytes;
      broker = c.broker;
      presenceTimeout = c.presenceTimeout;
      trustedProxies = c.trustedProxies;
      brokerStreamLength = c.brokerStreamLength;
      brokerRoomTtl = c.brokerRoomTtl;
      brokerMaxRooms = c.brokerMaxRooms;
      maxConnections = c.maxConnections;
      historyBudgetBytes = c.historyBudgetBytes;
    }

    /** Most open WebSockets in all; more are refused with 503 before the upgrade. */
    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    /** Bytes all rooms together keep for history and recent client ids. */
    public Builder historyBudgetBytes(long value) {
      historyBudgetBytes = value;
      return this;
    }

    /** {@code local}, or {@code redis://HOST:PORT} to share rooms with other nodes. */
    public Builder broker(String value) {
      broker = value;
      return this;
    }

    /** With a shared broker: how long a crashed node's names stay online. */
    public Builder presenceTimeout(Duration value) {
      presenceTimeout = value;
      return this;
    }

    /** Proxies whose forwarded headers name the client, its scheme and host. */
    public Builder trustedProxies(List<AddressBlock> value) {
      trustedProxies = value;
      return this;
    }

    /** With Redis: entries each room's stream keeps (at least the history size plus one). */
    public Builder brokerStreamLength(int value) {
      brokerStreamLength = value;
      return this;
    }

    /** With Redis: how long a room with no new message keeps its stream. */
    public Builder brokerRoomTtl(Duration value) {
      brokerRoomTtl = value;
      return this;
    }

    /** With Redis: rooms whose streams are kept; the least recently active goes first. */
    public Builder brokerMaxRooms(int value) {
      brokerMaxRooms = value;
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    public Builder outboundQueueBytes(long value) {
      outboundQueueBytes = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder pingInterval(Duration value) {
      pingInterval = value;
      return this;
    }

    public Builder allowedOrigins(List<String> value) {
      allowedOrigins = value;
      return this;
    }

    public Builder permessageDeflate(boolean value) {
      permessageDeflate = value;
      return this;
    }

    public Builder shutdownTimeout(Duration value) {
      shutdownTimeout = value;
      return this;
    }

    public Builder historySize(int value) {
      historySize = value;
      return this;
    }

    public Builder rateLimit(double perSecond, int burst) {
      rateLimit = perSecond;
      rateBurst = burst;
      return this;
    }

    public Builder maxRooms(int value) {
      maxRooms = value;
      return this;
    }

    public Builder tls(Path keystore, String password) {
      tlsKeystore = keystore;
      tlsPassword = password;
      return this;
    }

    public Builder maxConnectionsPerAddress(int value) {
      maxConnectionsPerAddress = value;
      return this;
    }

    public Builder handshakeTimeout(Duration value) {
      handshakeTimeout = value;
      return this;
    }

    public Builder maxHeaderBytes(int value) {
      maxHeaderBytes = value;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          maxMessageBytes,
          outboundQueueBytes,
          idleTimeout,
          pingInterval,
          allowedOrigins,
          permessageDeflate,
          shutdownTimeout,
          historySize,
          rateLimit,
          rateBurst,
          maxRooms,
          tlsKeystore,
          tlsPassword,
          maxConnectionsPerAddress,
          handshakeTimeout,
          maxHeaderBytes,
          broker,
          presenceTimeout,
          trustedProxies,
          brokerStreamLength,
          brokerRoomTtl,
          brokerMaxRooms,
          maxConnections,
          historyBudgetBytes);
    }
  }
}
