package org.chatharness.server;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chatharness.server.connection.ChatConnection;
import org.chatharness.server.connection.ChatNegotiator;
import org.chatharness.server.connection.CloseCodes;
import org.chatharness.server.connection.Connections;
import org.chatharness.server.connection.Heartbeat;
import org.chatharness.server.connection.ReadyRoomGate;
import org.chatharness.server.http.HealthHandler;
import org.chatharness.server.http.MetricsHandler;
import org.chatharness.server.http.PageHandler;
import org.chatharness.server.http.RequestDeadline;
import org.chatharness.server.http.TrustedProxies;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.metrics.JettyConnectionMeters;
import org.chatharness.server.node.ChatNode;
import org.chatharness.server.outbound.JettyFrameGate;
import org.chatharness.server.process.GuardedThreadPool;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
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
 * <p>Each instance owns its node (rooms and broker) and connections, so a test may run several at
 * once. Its parts are Jetty beans: {@code start} and {@code stop} leave their order to Jetty
 * (docs/ARCHITECTURE.md).
 */
public final class ChatServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);
  private static final int ACCEPT_QUEUE = 1024;
  private static final String WEB_ROOT = "web/";

  private final ServerConfig config;
  private final Server jetty;
  private final ServerConnector connector;
  private final Connections connections = new Connections();
  private final ChatMetrics metrics = new ChatMetrics();
  private final ChatNode node;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public ChatServer(ServerConfig config) {
    this.config = config;
    QueuedThreadPool threads = new GuardedThreadPool();
    threads.setName("chat");
    // Named like the pool, so that every thread of the server is a "chat" one in a thread dump.
    this.jetty = new Server(threads, new ScheduledExecutorScheduler("chat-scheduler", false), null);
    // Every periodic task of the server runs on Jetty's one scheduler and its pool.
    Timer timer = new Timer(jetty.getScheduler(), threads);
    // Beans start in this order, before the connector opens, and stop the other way round.
    jetty.addBean(metrics);
    this.node = new ChatNode(config.limits(), config.cluster(), metrics, timer);
    jetty.addBean(node);
    jetty.addBean(new Heartbeat(connections, config.timeouts(), timer));
    this.connector = connector(jetty, config, timer);
    jetty.addConnector(connector);
    meters(threads);
    jetty.setHandler(handlers(threads));
  }

  /** The one port, http or https, with the request deadline watching its HTTP connections. */
  private static ServerConnector connector(Server jetty, ServerConfig config, Timer timer) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(config.network().maxHeaderBytes());
    if (!config.access().trustedProxies().isEmpty()) {
      http.addCustomizer(new TrustedProxies(config.access().trustedProxies()));
    }
    ServerConnector connector =
        config.tls().enabled()
            ? tlsConnector(jetty, http, config)
            : new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.network().host());
    connector.setPort(config.network().port());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    // Until the upgrade, the connector's idle timeout is the time a client has to send its request;
    // an upgraded WebSocket has its own idle timeout and heartbeat.
    connector.setIdleTimeout(config.timeouts().handshake().toMillis());
    connector.addBean(new RequestDeadline(config.timeouts().handshake(), timer));
    return connector;
  }

  private void meters(QueuedThreadPool threads) {
    metrics.gauge(
        "chat.connections.open", "Open WebSocket connections", connections, Connections::size);
    metrics.gauge(
        "chat.outbound.queued.bytes",
        "Bytes waiting to be sent to clients",
        connections,
        Connections::pendingBytes);
    JettyConnectionMeters.bind(connector, metrics.registry());
    new JettyServerThreadPoolMetrics(threads, Tags.empty()).bindTo(metrics.registry());
  }

  /**
   * The WebSocket upgrades (a plain one waiting for its room with a shared broker), and every other
   * request: /health, /metrics, the page.
   */
  private Handler handlers(QueuedThreadPool threads) {
    ChatConnection.Context context =
        new ChatConnection.Context(node, connections, config.limits(), stopping::get, metrics);
    WebSocketComponents components = new WebSocketComponents();
    components.getExtensionRegistry().register(JettyFrameGate.NAME, JettyFrameGate.class);
    jetty.addBean(components);
    WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(components);
    upgrade.addMapping(
        "/",
        new ChatNegotiator(
            config.access(), config.network().permessageDeflate(), context, stopping::get));
    upgrade.setHandler(
        new Handler.Sequence(
            new HealthHandler(connections::size, stopping::get, node::status),
            new MetricsHandler(metrics),
            new PageHandler(webRoot(jetty))));
    return new ReadyRoomGate(node, threads, upgrade);
  }

  /** https and wss on one port, with the key and certificate of a PKCS12 keystore. */
  private static ServerConnector tlsConnector(
      Server jetty, HttpConfiguration http, ServerConfig config) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(config.tls().keystore().toString());
    tls.setKeyStorePassword(config.tls().password());
    tls.setKeyStoreType("PKCS12");
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients reach one server under many names (localhost, a container alias); the certificate
    // is the operator's business, not a reason to refuse requests.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    return new ServerConnector(jetty, tls, new HttpConnectionFactory(http));
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
    // Its beans first (the broker connects, the timers start), the connector last.
    jetty.start();
    LOG.info("chat-server listening on {} (WebSocket {})", httpUri(), webSocketUri());
    logFileLimit();
    return this;
  }

  /**
   * Every connection takes a file descriptor: say how many the process may open, so a capacity
   * planner who sees connections stop near that number knows why.
   */
  private static void logFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      LOG.info(
          "open file limit {}: connections stop being accepted near it (raise ulimit -n for more)",
          unix.getMaxFileDescriptorCount());
    }
  }

  /** The port actually bound: the configured one, or the one picked for port 0. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port/}, with a loopback host when bound to every interface. */
  public URI httpUri() {
    return URI.create(
        (config.tls().enabled() ? "https://" : "http://") + displayHost() + ":" + port() + "/");
  }

  /** {@code ws://host:port/}, the default room. */
  public URI webSocketUri() {
    return URI.create(
        (config.tls().enabled() ? "wss://" : "ws://") + displayHost() + ":" + port() + "/");
  }

  private String displayHost() {
    String host = config.network().host();
    if (host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host)) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
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
    if (!connections.awaitEmpty(config.timeouts().shutdown())) {
      LOG.warn(
          "{} connections did not finish closing within {}; dropping them",
          connections.size(),
          config.timeouts().shutdown());
      connections.abortAll();
    }
    // The connector, then the beans in the reverse order of their start.
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
