package org.chatharness.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real server on a free port plus a started WebSocket client, for one test; closes both.
 *
 * <pre>{@code
 * try (Harness h = Harness.start(ServerConfig.forTests())) {
 *   TestClient alice = h.connect("/");
 * }
 * }</pre>
 */
public final class Harness implements AutoCloseable {
  public final ChatServer server;
  public final WebSocketClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Harness(ChatServer server, WebSocketClient client) {
    this.server = server;
    this.client = client;
  }

  /** The configuration without the per-connection rate limit, for tests that send in bulk. */
  public static ServerConfig unthrottled(ServerConfig config) {
    return config.toBuilder().rateLimit(1_000_000, 1_000_000).build();
  }

  public static Harness start(ServerConfig config) throws Exception {
    ChatServer server = new ChatServer(config).start();
    WebSocketClient client = new WebSocketClient();
    // Server messages may be larger than the server's limit on client messages (a v1 history).
    client.setMaxTextMessageSize(16 << 20);
    client.start();
    return new Harness(server, client);
  }

  /** A WebSocket URI on this server: {@code ws://127.0.0.1:port{path}}. */
  public URI ws(String path) {
    return server.webSocketUri().resolve(path);
  }

  /** An HTTP URI on this server. */
  public URI http(String path) {
    return server.httpUri().resolve(path);
  }

  /**
   * Connects a recording client to {@code path}; returns once the handshake is complete, as a real
   * client's open event fires. From then on the client receives every message of its room.
   */
  public TestClient connect(String path) throws Exception {
    return TestClient.connect(client, ws(path));
  }

  /**
   * Connects as a client refused with HTTP {@code status} tries again: every 20 ms, for up to
   * {@link TestClient#WAIT}. A closed connection's slot is given back once the server has processed
   * the close, a moment after the client has seen the close answered, so a client that reconnects
   * at once may still be refused.
   */
  public TestClient connectRetrying(String path, int status) throws Exception {
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    while (true) {
      try {
        return connect(path);
      } catch (Exception refused) {
        if (!refusedWith(refused, status) || System.nanoTime() > deadline) {
          throw refused;
        }
        Thread.sleep(20);
      }
    }
  }

  private static boolean refusedWith(Throwable failure, int status) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Status Code: " + status)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits, bounded, until {@code /health} reports {@code count} open connections: what an operator
   * or a load balancer sees, for tests that need to know a close has been processed.
   */
  public void awaitHealthConnections(int count) throws Exception {
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/health").body();
      if (body.matches("(?s).*\"connections\":" + count + "\\D.*")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/health did not report " + count + " connections; last: " + body);
  }

  /** The value of one sample of {@code /metrics}, such as {@code chat_rooms}; fails if absent. */
  public double metric(String sample) throws Exception {
    return Metrics.value(get("/metrics").body(), sample);
  }

  /**
   * Waits, bounded, until {@code GET /health} reports {@code count} open connections: what any
   * monitoring client sees, e.g. that the server has finished closing a connection.
   */
  public void awaitReportedConnections(int count) throws Exception {
    String field = "\"connections\":" + count;
    awaitHealth(field, body -> body.contains(field + ",") || body.contains(field + "}"));
  }

  /** Waits, bounded, until {@code GET /health} answers a body {@code condition} accepts. */
  public String awaitHealth(String description, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TestClient.WAIT.multipliedBy(2).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/health").body();
      if (condition.test(body)) {
        return body;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/health did not say " + description + "; last: " + body);
  }

  /** A GET with the JDK client, body as text. */
  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Any request with the JDK client, body as text. */
  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    // The server first, so every client gets its close frame before the client is stopped.
    try {
      server.stop();
    } finally {
      client.stop();
    }
  }
}
