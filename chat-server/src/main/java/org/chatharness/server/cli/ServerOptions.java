package org.chatharness.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.ServerConfig;
import org.chatharness.server.http.AddressBlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/**
 * The command line. Every option has an environment variable of the same meaning; the flag wins
 * when both are given. Defaults are those of {@link ServerConfig#defaults()}.
 */
@Command(
    name = "chat-server",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpAutoWidth = true,
    description =
        "WebSocket chat server: serves the chat page at / and chat rooms at ws://HOST:PORT/ and /rooms/{name}.",
    footer = {
      "",
      "Every option can also be set by the environment variable shown in brackets.",
      "Sizes take KiB/MiB suffixes (64KiB); durations take ms/s/m/h/d (30s)."
    })
public final class ServerOptions {
  private static final String AUTO = "auto";

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "${env:CHAT_HOST:-" + ServerConfig.DEFAULT_HOST + "}",
      description = "Address to listen on [CHAT_HOST].")
  String host;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      defaultValue = "${env:CHAT_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
      description = "Port to listen on; 0 picks a free port [CHAT_PORT].")
  int port;

  @Option(
      names = "--max-message-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      defaultValue = "${env:CHAT_MAX_MESSAGE_SIZE:-64KiB}",
      description =
          "Largest text message accepted; larger ones close the connection with 1009 [CHAT_MAX_MESSAGE_SIZE].")
  long maxMessageSize;

  @Option(
      names = "--outbound-queue-limit",
      paramLabel = "SIZE",
      converter = Sizes.class,
      defaultValue = "${env:CHAT_OUTBOUND_QUEUE_LIMIT:-1MiB}",
      description =
          "Bytes that may wait to be sent to one client; a client that falls further behind is closed with 1008 [CHAT_OUTBOUND_QUEUE_LIMIT].")
  long outboundQueueLimit;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_IDLE_TIMEOUT:-60s}",
      description =
          "A client not heard from (not even a pong) for this long is closed with 1001 [CHAT_IDLE_TIMEOUT].")
  Duration idleTimeout;

  @Option(
      names = "--ping-interval",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_PING_INTERVAL:-20s}",
      description =
          "How often every client is pinged; shorter than the idle timeout [CHAT_PING_INTERVAL].")
  Duration pingInterval;

  @Option(
      names = "--allowed-origins",
      paramLabel = "ORIGINS",
      split = ",",
      defaultValue = "${env:CHAT_ALLOWED_ORIGINS:-}",
      description =
          "Comma-separated origins (https://chat.example.com) allowed to open WebSockets, or *. "
              + "Empty: the server's own origin and clients that send no Origin [CHAT_ALLOWED_ORIGINS].")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--permessage-deflate",
      paramLabel = "BOOLEAN",
      arity = "0..1",
      fallbackValue = "true",
      showDefaultValue = Help.Visibility.ALWAYS,
      defaultValue = "${env:CHAT_PERMESSAGE_DEFLATE:-false}",
      description = "Offer permessage-deflate compression to clients [CHAT_PERMESSAGE_DEFLATE].")
  boolean permessageDeflate;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_SHUTDOWN_TIMEOUT:-10s}",
      description =
          "On SIGTERM, how long to wait for clients to finish the close handshake [CHAT_SHUTDOWN_TIMEOUT].")
  Duration shutdownTimeout;

  @Option(
      names = "--history-size",
      paramLabel = "N",
      defaultValue = "${env:CHAT_HISTORY_SIZE:-" + ServerConfig.DEFAULT_HISTORY_SIZE + "}",
      description =
          "Messages kept per room for joining and resuming chat.v1 clients [CHAT_HISTORY_SIZE].")
  int historySize;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      defaultValue = "${env:CHAT_RATE_LIMIT:-10}",
      description =
          "Messages per second one connection, plain or chat.v1, may send, on average; a plain client over it is closed with 1008, a chat.v1 client is told rate_limited [CHAT_RATE_LIMIT].")
  double rateLimit;

  @Option(
      names = "--rate-burst",
      paramLabel = "N",
      defaultValue = "${env:CHAT_RATE_BURST:-" + ServerConfig.DEFAULT_RATE_BURST + "}",
      description =
          "Messages one connection, plain or chat.v1, may send at once before the rate limit applies [CHAT_RATE_BURST].")
  int rateBurst;

  @Option(
      names = "--max-rooms",
      paramLabel = "N",
      defaultValue = "${env:CHAT_MAX_ROOMS:-" + ServerConfig.DEFAULT_MAX_ROOMS + "}",
      description =
          "Rooms held at once; when full, the oldest room with no one in it is forgotten [CHAT_MAX_ROOMS].")
  int maxRooms;

  @Option(
      names = "--broker",
      paramLabel = "BROKER",
      defaultValue = "${env:CHAT_BROKER:-" + ServerConfig.LOCAL_BROKER + "}",
      description =
          "local (one node, in memory), or redis://HOST:PORT to share rooms with every node using that Redis [CHAT_BROKER].")
  String broker;

  @Option(
      names = "--presence-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_PRESENCE_TIMEOUT:-10s}",
      description =
          "With redis: a node not heard from for this long is taken as gone, and its users leave [CHAT_PRESENCE_TIMEOUT].")
  Duration presenceTimeout;

  @Option(
      names = "--broker-stream-length",
      paramLabel = "N",
      defaultValue =
          "${env:CHAT_BROKER_STREAM_LENGTH:-" + ServerConfig.DEFAULT_BROKER_STREAM_LENGTH + "}",
      description =
          "With redis: messages each room's stream keeps, at least --history-size + 1; a node that falls further behind closes its members so they resume [CHAT_BROKER_STREAM_LENGTH].")
  int brokerStreamLength;

  @Option(
      names = "--broker-room-ttl",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_BROKER_ROOM_TTL:-7d}",
      description =
          "With redis: a room with no new message for this long loses its stored messages [CHAT_BROKER_ROOM_TTL].")
  Duration brokerRoomTtl;

  @Option(
      names = "--broker-max-rooms",
      paramLabel = "N",
      defaultValue = "${env:CHAT_BROKER_MAX_ROOMS:-" + ServerConfig.DEFAULT_BROKER_MAX_ROOMS + "}",
      description =
          "With redis: rooms whose messages Redis keeps; beyond it the least recently active room's are deleted [CHAT_BROKER_MAX_ROOMS].")
  int brokerMaxRooms;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      defaultValue = "${env:CHAT_TLS_KEYSTORE}",
      description =
          "PKCS12 keystore with the server's key and certificate: serve https and wss on the port [CHAT_TLS_KEYSTORE].")
  Path tlsKeystore;

  @Option(
      names = "--tls-password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:CHAT_TLS_PASSWORD}",
      description =
          "Password of the TLS keystore; prefer the environment variable, which other users cannot see [CHAT_TLS_PASSWORD].")
  String tlsPassword;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:CHAT_LOG_LEVEL:-INFO}",
      description = "TRACE, DEBUG, INFO, WARN or ERROR [CHAT_LOG_LEVEL].")
  LogSettings.Level logLevel;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "${env:CHAT_LOG_FORMAT:-text}",
      description = "text, or json for one JSON object per line [CHAT_LOG_FORMAT].")
  LogSettings.Format logFormat;

  @Option(
      names = "--max-connections-per-address",
      paramLabel = "N",
      defaultValue =
          "${env:CHAT_MAX_CONNECTIONS_PER_ADDRESS:-"
              + ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS
              + "}",
      description =
          "Open WebSockets one client address may hold; more are refused with HTTP 429. 0: no limit (load tests from one machine) [CHAT_MAX_CONNECTIONS_PER_ADDRESS].")
  int maxConnectionsPerAddress;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "${env:CHAT_MAX_CONNECTIONS:-auto}",
      description =
          "Open WebSockets in all; more are refused with HTTP 503. auto: the open-file limit less a tenth of it, kept for /health and the page [CHAT_MAX_CONNECTIONS].")
  String maxConnections;

  @Option(
      names = "--history-budget",
      paramLabel = "SIZE",
      defaultValue = "${env:CHAT_HISTORY_BUDGET:-auto}",
      description =
          "Bytes all rooms together keep for history and recent client ids; past it the least recently active rooms give up theirs first. auto: a quarter of the maximum heap [CHAT_HISTORY_BUDGET].")
  String historyBudget;

  @Option(
      names = "--handshake-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "${env:CHAT_HANDSHAKE_TIMEOUT:-10s}",
      description =
          "A connection that has not completed its HTTP request (or WebSocket handshake) in this time is closed [CHAT_HANDSHAKE_TIMEOUT].")
  Duration handshakeTimeout;

  @Option(
      names = "--max-header-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      defaultValue = "${env:CHAT_MAX_HEADER_SIZE:-8KiB}",
      description =
          "Largest HTTP request header block; larger ones get HTTP 431 [CHAT_MAX_HEADER_SIZE].")
  long maxHeaderSize;

  @Option(
      names = "--trust-proxy",
      paramLabel = "ADDRESSES",
      split = ",",
      defaultValue = "${env:CHAT_TRUST_PROXY:-}",
      description =
          "Comma-separated addresses or CIDR blocks (10.0.0.0/8) of reverse proxies: for requests from them, "
              + "the client's address, scheme and host come from Forwarded or X-Forwarded-For/-Proto/-Host/-Port, "
              + "for the origin check and the per-address limit. Empty: no header is believed [CHAT_TRUST_PROXY].")
  List<String> trustProxy = new ArrayList<>();

  /** How to log, from --log-level and --log-format. */
  public LogSettings logSettings() {
    return new LogSettings(logLevel, logFormat);
  }

  /**
   * The options as a configuration.
   *
   * @throws IllegalArgumentException when values are individually valid but do not fit together
   */
  public ServerConfig toConfig() {
    if (tlsKeystore != null && !java.nio.file.Files.isReadable(tlsKeystore)) {
      throw new IllegalArgumentException("cannot read the TLS keystore " + tlsKeystore);
    }
    if (maxMessageSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--max-message-size must be under 2GiB");
    }
    List<String> origins =
        allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    List<AddressBlock> proxies;
    try {
      proxies = trustProxy.stream().filter(s -> !s.isBlank()).map(AddressBlock::parse).toList();
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException("--trust-proxy: " + invalid.getMessage(), invalid);
    }
    return new ServerConfig(
        host,
        port,
        (int) maxMessageSize,
        outboundQueueLimit,
        idleTimeout,
        pingInterval,
        origins,
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
        (int) Math.min(maxHeaderSize, Integer.MAX_VALUE),
        broker,
        presenceTimeout,
        proxies,
        brokerStreamLength,
        brokerRoomTtl,
        brokerMaxRooms,
        maxConnections(),
        historyBudget());
  }

  private int maxConnections() {
    if (AUTO.equalsIgnoreCase(maxConnections.trim())) {
      return ServerConfig.defaultMaxConnections(ServerConfig.openFileLimit());
    }
    try {
      return Integer.parseInt(maxConnections.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          "--max-connections must be a number or auto, was '" + maxConnections + "'");
    }
  }

  private long historyBudget() {
    if (AUTO.equalsIgnoreCase(historyBudget.trim())) {
      return ServerConfig.defaultHistoryBudget(Runtime.getRuntime().maxMemory());
    }
    try {
      return new Sizes().convert(historyBudget);
    } catch (picocli.CommandLine.TypeConversionException notASize) {
      throw new IllegalArgumentException("--history-budget: " + notASize.getMessage());
    }
  }
}
