package org.chatharness.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.chatharness.server.config.Access;
import org.chatharness.server.config.Cluster;
import org.chatharness.server.config.Limits;
import org.chatharness.server.config.Network;
import org.chatharness.server.config.Timeouts;
import org.chatharness.server.config.Tls;
import org.chatharness.server.http.AddressBlock;

/**
 * Everything the server can be told, read once at start-up and never changed afterwards: a few
 * groups, each a record that holds its documented defaults and checks its own values.
 *
 * <p>There is one way to change a value, the {@link Builder}: the command line writes each option
 * into one, and tests start from {@link #forTests()}:
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.forTests().toBuilder().maxRooms(2).build();
 * }</pre>
 */
public record ServerConfig(
    Network network, Limits limits, Timeouts timeouts, Tls tls, Cluster cluster, Access access) {

  public ServerConfig {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(access, "access");
  }

  /** The documented defaults: port 8000 on every interface, one node, no TLS. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        Network.DEFAULTS,
        Limits.defaults(),
        Timeouts.DEFAULTS,
        Tls.NONE,
        Cluster.DEFAULTS,
        Access.DEFAULTS);
  }

  /** The defaults on a free port of the loopback interface, as tests want them. */
  public static ServerConfig forTests() {
    return defaults().toBuilder().host("127.0.0.1").port(0).build();
  }

  @Override
  public String toString() {
    // Never the keystore's password, nor the broker's: the groups that hold them leave them out.
    return "ServerConfig[host="
        + network.host()
        + ", port="
        + network.port()
        + ", tls="
        + tls.enabled()
        + ", broker="
        + cluster
        + "]";
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some values of a configuration; {@link #build()} checks the result. */
  public static final class Builder {
    private String host;
    private int port;
    private int maxHeaderBytes;
    private boolean permessageDeflate;
    private int maxMessageBytes;
    private long outboundQueueBytes;
    private int historySize;
    private double rateLimit;
    private int rateBurst;
    private int maxRooms;
    private int maxConnectionsPerAddress;
    private int maxConnections;
    private long historyBudgetBytes;
    private Duration idleTimeout;
    private Duration pingInterval;
    private Duration shutdownTimeout;
    private Duration handshakeTimeout;
    private Path tlsKeystore;
    private String tlsPassword;
    private String broker;
    private Duration presenceTimeout;
    private int brokerStreamLength;
    private Duration brokerRoomTtl;
    private int brokerMaxRooms;
    private List<String> allowedOrigins;
    private List<AddressBlock> trustedProxies;

    private Builder(ServerConfig c) {
      host = c.network.host();
      port = c.network.port();
      maxHeaderBytes = c.network.maxHeaderBytes();
      permessageDeflate = c.network.permessageDeflate();
      maxMessageBytes = c.limits.maxMessageBytes();
      outboundQueueBytes = c.limits.outboundQueueBytes();
      historySize = c.limits.historySize();
      rateLimit = c.limits.rateLimit();
      rateBurst = c.limits.rateBurst();
      maxRooms = c.limits.maxRooms();
      maxConnectionsPerAddress = c.limits.maxConnectionsPerAddress();
      maxConnections = c.limits.maxConnections();
      historyBudgetBytes = c.limits.historyBudgetBytes();
      idleTimeout = c.timeouts.idle();
      pingInterval = c.timeouts.ping();
      shutdownTimeout = c.timeouts.shutdown();
      handshakeTimeout = c.timeouts.handshake();
      tlsKeystore = c.tls.keystore();
      tlsPassword = c.tls.password();
      broker = c.cluster.broker();
      presenceTimeout = c.cluster.presenceTimeout();
      brokerStreamLength = c.cluster.streamLength();
      brokerRoomTtl = c.cluster.roomTtl();
      brokerMaxRooms = c.cluster.maxRooms();
      allowedOrigins = c.access.allowedOrigins();
      trustedProxies = c.access.trustedProxies();
    }

    /** The address to listen on. */
    public Builder host(String value) {
      host = value;
      return this;
    }

    /** The port to listen on; 0 picks a free one. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** The largest HTTP request header block. */
    public Builder maxHeaderBytes(int value) {
      maxHeaderBytes = value;
      return this;
    }

    /** Whether clients are offered permessage-deflate. */
    public Builder permessageDeflate(boolean value) {
      permessageDeflate = value;
      return this;
    }

    /** The largest text message a client may send. */
    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    /** Bytes that may wait to be sent to one client. */
    public Builder outboundQueueBytes(long value) {
      outboundQueueBytes = value;
      return this;
    }

    /** Messages each room keeps for chat.v1 joins and resumes. */
    public Builder historySize(int value) {
      historySize = value;
      return this;
    }

    /** One connection's rate limit: messages a second on average, and at once. */
    public Builder rateLimit(double perSecond, int burst) {
      rateLimit = perSecond;
      rateBurst = burst;
      return this;
    }

    /** Rooms held at once. */
    public Builder maxRooms(int value) {
      maxRooms = value;
      return this;
    }

    /** Open WebSockets one client address may hold; 0 for no limit. */
    public Builder maxConnectionsPerAddress(int value) {
      maxConnectionsPerAddress = value;
      return this;
    }

    /** Open WebSockets in all; more are refused with 503 before the upgrade. */
    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    /** Bytes all rooms together keep for history and recent client ids. */
    public Builder historyBudgetBytes(long value) {
      historyBudgetBytes = value;
      return this;
    }

    /** A WebSocket not heard from for this long is closed. */
    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    /** How often every WebSocket is pinged. */
    public Builder pingInterval(Duration value) {
      pingInterval = value;
      return this;
    }

    /** On stop, how long clients have to finish the close handshake. */
    public Builder shutdownTimeout(Duration value) {
      shutdownTimeout = value;
      return this;
    }

    /** How long an HTTP connection may take over a request, or wait for its next one. */
    public Builder handshakeTimeout(Duration value) {
      handshakeTimeout = value;
      return this;
    }

    /** https and wss from this PKCS12 keystore ({@code null}: none) and its password. */
    public Builder tls(Path keystore, String password) {
      tlsKeystore = keystore;
      tlsPassword = password;
      return this;
    }

    /** {@code local}, or {@code redis://HOST:PORT} to share rooms with other nodes. */
    public Builder broker(String value) {
      broker = value;
      return this;
    }

    /** With Redis: how long a crashed node's names stay online. */
    public Builder presenceTimeout(Duration value) {
      presenceTimeout = value;
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

    /** Origins allowed to open WebSockets; empty for the server's own origin only. */
    public Builder allowedOrigins(List<String> value) {
      allowedOrigins = value;
      return this;
    }

    /** Proxies whose forwarded headers name the client, its scheme and host. */
    public Builder trustedProxies(List<AddressBlock> value) {
      trustedProxies = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first value that breaks its rule
     */
    public ServerConfig build() {
      return new ServerConfig(
          new Network(host, port, maxHeaderBytes, permessageDeflate),
          new Limits(
              maxMessageBytes,
              outboundQueueBytes,
              historySize,
              rateLimit,
              rateBurst,
              maxRooms,
              maxConnectionsPerAddress,
              maxConnections,
              historyBudgetBytes),
          new Timeouts(idleTimeout, pingInterval, shutdownTimeout, handshakeTimeout),
          new Tls(tlsKeystore, tlsPassword),
          new Cluster(broker, presenceTimeout, brokerStreamLength, brokerRoomTtl, brokerMaxRooms),
          new Access(allowedOrigins, trustedProxies));
    }
  }
}
