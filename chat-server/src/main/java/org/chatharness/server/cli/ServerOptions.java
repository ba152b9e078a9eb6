package org.chatharness.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.chatharness.server.ServerConfig;
import org.chatharness.server.config.Limits;
import org.chatharness.server.http.AddressBlock;
import org.chatharness.server.logging.LogSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line: each option writes its value into a {@link ServerConfig.Builder}, the one way a
 * configuration is changed. Every option has an environment variable of the same meaning; the flag
 * wins when both are given. Defaults are those of {@link ServerConfig#defaults()} ({@link
 * OptionDefaults}).
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
  private final ServerConfig.Builder config = ServerConfig.defaults().toBuilder();
  private final Function<String, String> environment;
  // Options that set one value of the builder together; each keeps its half here.
  private double rateLimit;
  private int rateBurst;
  private Path tlsKeystore;
  private String tlsPassword;
  private LogSettings.Level logLevel;
  private LogSettings.Format logFormat;

  @Spec CommandSpec spec;

  /**
   * @param environment the process's variables ({@code System::getenv}), or a test's
   */
  public ServerOptions(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Where the options' defaults come from: the environment, then the configuration records. */
  OptionDefaults defaults() {
    return new OptionDefaults(environment);
  }

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on [CHAT_HOST].")
  void host(String value) {
    config.host(value);
  }

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free port [CHAT_PORT].")
  void port(int value) {
    config.port(value);
  }

  @Option(
      names = "--max-message-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description =
          "Largest text message accepted; larger ones close the connection with 1009 [CHAT_MAX_MESSAGE_SIZE].")
  void maxMessageSize(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new ParameterException(spec.commandLine(), "--max-message-size must be under 2GiB");
    }
    config.maxMessageBytes((int) bytes);
  }

  @Option(
      names = "--outbound-queue-limit",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description =
          "Bytes that may wait to be sent to one client; a client that falls further behind is closed with 1008 [CHAT_OUTBOUND_QUEUE_LIMIT].")
  void outboundQueueLimit(long bytes) {
    config.outboundQueueBytes(bytes);
  }

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "A client not heard from (not even a pong) for this long is closed with 1001 [CHAT_IDLE_TIMEOUT].")
  void idleTimeout(Duration value) {
    config.idleTimeout(value);
  }

  @Option(
      names = "--ping-interval",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "How often every client is pinged; shorter than the idle timeout [CHAT_PING_INTERVAL].")
  void pingInterval(Duration value) {
    config.pingInterval(value);
  }

  @Option(
      names = "--allowed-origins",
      paramLabel = "ORIGINS",
      split = ",",
      description =
          "Comma-separated origins (https://chat.example.com) allowed to open WebSockets, or *. "
              + "Empty: the server's own origin and clients that send no Origin [CHAT_ALLOWED_ORIGINS].")
  void allowedOrigins(List<String> origins) {
    config.allowedOrigins(items(origins));
  }

  @Option(
      names = "--permessage-deflate",
      paramLabel = "BOOLEAN",
      arity = "0..1",
      fallbackValue = "true",
      showDefaultValue = Help.Visibility.ALWAYS,
      description = "Offer permessage-deflate compression to clients [CHAT_PERMESSAGE_DEFLATE].")
  void permessageDeflate(boolean value) {
    config.permessageDeflate(value);
  }

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "On SIGTERM, how long to wait for clients to finish the close handshake [CHAT_SHUTDOWN_TIMEOUT].")
  void shutdownTimeout(Duration value) {
    config.shutdownTimeout(value);
  }

  @Option(
      names = "--history-size",
      paramLabel = "N",
      description =
          "Messages kept per room for joining and resuming chat.v1 clients [CHAT_HISTORY_SIZE].")
  void historySize(int value) {
    config.historySize(value);
  }

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      description =
          "Messages per second one connection, plain or chat.v1, may send, on average; a plain client over it is closed with 1008, a chat.v1 client is told rate_limited [CHAT_RATE_LIMIT].")
  void rateLimit(double perSecond) {
    rateLimit = perSecond;
    config.rateLimit(rateLimit, rateBurst);
  }

  @Option(
      names = "--rate-burst",
      paramLabel = "N",
      description =
          "Messages one connection, plain or chat.v1, may send at once before the rate limit applies [CHAT_RATE_BURST].")
  void rateBurst(int burst) {
    rateBurst = burst;
    config.rateLimit(rateLimit, rateBurst);
  }

  @Option(
      names = "--max-rooms",
      paramLabel = "N",
      description =
          "Rooms held at once; when full, the oldest room with no one in it is forgotten [CHAT_MAX_ROOMS].")
  void maxRooms(int value) {
    config.maxRooms(value);
  }

  @Option(
      names = "--broker",
      paramLabel = "BROKER",
      description =
          "local (one node, in memory), or redis://HOST:PORT to share rooms with every node using that Redis [CHAT_BROKER].")
  void broker(String value) {
    config.broker(value);
  }

  @Option(
      names = "--presence-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "With redis: a node not heard from for this long is taken as gone, and its users leave [CHAT_PRESENCE_TIMEOUT].")
  void presenceTimeout(Duration value) {
    config.presenceTimeout(value);
  }

  @Option(
      names = "--broker-stream-length",
      paramLabel = "N",
      description =
          "With redis: messages each room's stream keeps, at least --history-size + 1; a node that falls further behind closes its members so they resume [CHAT_BROKER_STREAM_LENGTH].")
  void brokerStreamLength(int value) {
    config.brokerStreamLength(value);
  }

  @Option(
      names = "--broker-room-ttl",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "With redis: a room with no new message for this long loses its stored messages [CHAT_BROKER_ROOM_TTL].")
  void brokerRoomTtl(Duration value) {
    config.brokerRoomTtl(value);
  }

  @Option(
      names = "--broker-max-rooms",
      paramLabel = "N",
      description =
          "With redis: rooms whose messages Redis keeps; beyond it the least recently active room's are deleted [CHAT_BROKER_MAX_ROOMS].")
  void brokerMaxRooms(int value) {
    config.brokerMaxRooms(value);
  }

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "PKCS12 keystore with the server's key and certificate: serve https and wss on the port [CHAT_TLS_KEYSTORE].")
  void tlsKeystore(Path keystore) {
    tlsKeystore = keystore;
    config.tls(tlsKeystore, tlsPassword);
  }

  @Option(
      names = "--tls-password",
      paramLabel = "PASSWORD",
      description =
          "Password of the TLS keystore; prefer the environment variable, which other users cannot see [CHAT_TLS_PASSWORD].")
  void tlsPassword(String password) {
    tlsPassword = password;
    config.tls(tlsKeystore, tlsPassword);
  }

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "TRACE, DEBUG, INFO, WARN or ERROR [CHAT_LOG_LEVEL].")
  void logLevel(LogSettings.Level level) {
    logLevel = level;
  }

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description = "text, or json for one JSON object per line [CHAT_LOG_FORMAT].")
  void logFormat(LogSettings.Format format) {
    logFormat = format;
  }

  @Option(
      names = "--max-connections-per-address",
      paramLabel = "N",
      description =
          "Open WebSockets one client address may hold; more are refused with HTTP 429. 0: no limit (load tests from one machine) [CHAT_MAX_CONNECTIONS_PER_ADDRESS].")
  void maxConnectionsPerAddress(int value) {
    config.maxConnectionsPerAddress(value);
  }

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description =
          "Open WebSockets in all; more are refused with HTTP 503. auto: the open-file limit less a tenth of it, kept for /health and the page [CHAT_MAX_CONNECTIONS].")
  void maxConnections(String value) {
    if (OptionDefaults.AUTO.equalsIgnoreCase(value.trim())) {
      config.maxConnections(Limits.derivedMaxConnections(Limits.openFileLimit()));
      return;
    }
    try {
      config.maxConnections(Integer.parseInt(value.trim()));
    } catch (NumberFormatException notANumber) {
      throw new ParameterException(
          spec.commandLine(), "--max-connections must be a number or auto, was '" + value + "'");
    }
  }

  @Option(
      names = "--history-budget",
      paramLabel = "SIZE",
      description =
          "Bytes all rooms together keep for history and recent client ids; past it the least recently active rooms give up theirs first. auto: a quarter of the maximum heap [CHAT_HISTORY_BUDGET].")
  void historyBudget(String value) {
    if (OptionDefaults.AUTO.equalsIgnoreCase(value.trim())) {
      config.historyBudgetBytes(Limits.derivedHistoryBudget(Runtime.getRuntime().maxMemory()));
      return;
    }
    try {
      config.historyBudgetBytes(new Sizes().convert(value));
    } catch (TypeConversionException notASize) {
      throw new ParameterException(
          spec.commandLine(), "--history-budget: " + notASize.getMessage());
    }
  }

  @Option(
      names = "--handshake-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "A connection that has not completed its HTTP request (or WebSocket handshake) in this time is closed [CHAT_HANDSHAKE_TIMEOUT].")
  void handshakeTimeout(Duration value) {
    config.handshakeTimeout(value);
  }

  @Option(
      names = "--max-header-size",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description =
          "Largest HTTP request header block; larger ones get HTTP 431 [CHAT_MAX_HEADER_SIZE].")
  void maxHeaderSize(long bytes) {
    config.maxHeaderBytes((int) Math.min(bytes, Integer.MAX_VALUE));
  }

  @Option(
      names = "--trust-proxy",
      paramLabel = "ADDRESSES",
      split = ",",
      description =
          "Comma-separated addresses or CIDR blocks (10.0.0.0/8) of reverse proxies: for requests from them, "
              + "the client's address, scheme and host come from Forwarded or X-Forwarded-For/-Proto/-Host/-Port, "
              + "for the origin check and the per-address limit. Empty: no header is believed [CHAT_TRUST_PROXY].")
  void trustProxy(List<String> proxies) {
    try {
      config.trustedProxies(items(proxies).stream().map(AddressBlock::parse).toList());
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), "--trust-proxy: " + invalid.getMessage());
    }
  }

  /** The entries of a list, trimmed, without empty ones. */
  private static List<String> items(List<String> list) {
    return list.stream().map(String::trim).filter(item -> !item.isEmpty()).toList();
  }

  /** How to log, from --log-level and --log-format. */
  public LogSettings logSettings() {
    return new LogSettings(logLevel, logFormat);
  }

  /**
   * The options as a configuration.
   *
   * @throws IllegalArgumentException when a value breaks its rule, or values do not fit together
   */
  public ServerConfig toConfig() {
    if (tlsKeystore != null && !Files.isReadable(tlsKeystore)) {
      throw new IllegalArgumentException("cannot read the TLS keystore " + tlsKeystore);
    }
    return config.build();
  }
}
