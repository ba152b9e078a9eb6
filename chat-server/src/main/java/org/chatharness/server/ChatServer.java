package org.chatharness.server;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chatharness.server.broker.Broker;
import org.chatharness.server.broker.LocalBroker;
import org.chatharness.server.connection.ChatConnection;
import org.chatharness.server.connection.ChatNegotiator;
import org.chatharness.server.connection.CloseCodes;
import org.chatharness.server.connection.Connections;
import org.chatharness.server.connection.Heartbeat;
import org.chatharness.server.http.HealthHandler;
import org.chatharness.server.http.PageHandler;
import org.chatharness.server.room.RoomRegistry;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server: an embedded Jetty serving the page and the chat WebSockets on one port.
 *
 * <pre>{@code
 * ChatServer server = new ChatServer(ServerConfig.forTests()).start();
 * URI ws = server.webSocketUri();   // ws://127.0.0.1:<free port>/
 * ...
 * server.stop();                    // closes every session with 1001, then stops Jetty
 * }</pre>
 *
 * <p>Each instance owns its rooms, broker and connections, so a test may run several at once.
 */
public final class ChatServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);
  private static final int ACCEPT_QUEUE = 1024;
  private static final String WEB_ROOT = "web/";

  private final ServerConfig config;
  private final Server jetty;
  private final ServerConnector connector;
  private final Connections connections = new Connections();
  private final RoomRegistry rooms;
  private final Broker broker;
  private final Heartbeat heartbeat;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public ChatServer(ServerConfig config) {
    this.config = config;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("chat");
    this.jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    jetty.addConnector(connector);

    this.rooms = new RoomRegistry(config.historySize(), config.maxRooms());
    this.broker = new LocalBroker(rooms);
    this.heartbeat = new Heartbeat(connections, config.idleTimeout(), config.pingInterval());
    ChatConnection.Context context =
        new ChatConnection.Context(
            rooms,
            broker,
            connections,
            config.outboundQueueBytes(),
            config.maxMessageBytes(),
            config.rateLimit(),
            config.rateBurst(),
            stopping::get);
    ChatNegotiator negotiator = new ChatNegotiator(config, context, stopping::get);

    WebSocketComponents components = new WebSocketComponents();
    jetty.addBean(components);
    WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(components);
    upgrade.addMapping("/", negotiator);
    upgrade.setHandler(
        new Handler.Sequence(
            new HealthHandler(connections::size, stopping::get), new PageHandler(webRoot(jetty))));
    jetty.setHandler(upgrade);
  }

  private static Resource webRoot(Server jetty) {
    Resource root = ResourceFactory.of(jetty).newClassLoaderResource(WEB_ROOT);
    if (root == null) {
      throw new IllegalStateException(
          "the chat page (" + WEB_ROOT + " from browser-page) is not on the classpath");
    }
    return root;
  }

  /** Binds the port and starts serving; returns this server. */
  public ChatServer start() throws Exception {
    jetty.start();
    heartbeat.start();
    LOG.info("chat-server listening on {} (WebSocket {})", httpUri(), webSocketUri());
    return this;
  }

  /** The port actually bound: the configured one, or the one picked for port 0. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port/}, with a loopback host when bound to every interface. */
  public URI httpUri() {
    return URI.create("http://" + displayHost() + ":" + port() + "/");
  }

  /** {@code ws://host:port/}, the default room. */
  public URI webSocketUri() {
    return URI.create("ws://" + displayHost() + ":" + port() + "/");
  }

  private String displayHost() {
    String host = config.host();
    if (host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host)) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The open connections, for health reports and tests. */
  public Connections connections() {
    return connections;
  }

  /** The rooms with members on this node. */
  public RoomRegistry rooms() {
    return rooms;
  }

  /**
   * Stops gracefully: stops accepting, closes every session with 1001 (Going Away), waits for the
   * close handshakes up to the shutdown timeout, drops what is left, then stops Jetty.
   */
  public void stop() throws Exception {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    for (Connector each : jetty.getConnectors()) {
      if (each instanceof NetworkConnector network) {
        network.close();
      }
    }
    int open = connections.size();
    connections.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
    if (!connections.awaitEmpty(config.shutdownTimeout())) {
      LOG.warn(
          "{} connections did not finish closing within {}; dropping them",
          connections.size(),
          config.shutdownTimeout());
      connections.abortAll();
    }
    heartbeat.close();
    broker.close();
    jetty.stop();
    LOG.info("chat-server stopped; closed {} connections", open);
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
