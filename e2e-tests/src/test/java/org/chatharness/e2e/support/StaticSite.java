package org.chatharness.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web site of a few files on a free loopback port: another origin than the chat server's, for
 * pages the server does not serve. Files are set by path; with {@link #withClasspathRoot}, other
 * paths are looked up on the classpath.
 *
 * <pre>{@code
 * try (StaticSite site = StaticSite.start()) {
 *   site.serve("/tutorial.html", html);
 *   page.open(site.uri("/tutorial.html"));   // Origin: site.origin()
 * }
 * }</pre>
 */
public final class StaticSite implements AutoCloseable {
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile String classpathRoot;

  private StaticSite(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts serving, on a free port of the loopback interface. */
  public static StaticSite start() {
    try {
      return new StaticSite(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a web server on a loopback port", e);
    }
  }

  /** Serves {@code text} at {@code path}; the type follows the extension. */
  public StaticSite serve(String path, String text) {
    files.put(path, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Serves any other path from the classpath under {@code root} (e.g. {@code "web/"}), with {@code
   * /} as {@code index.html}.
   */
  public StaticSite withClasspathRoot(String root) {
    this.classpathRoot = root;
    return this;
  }

  /** {@code http://127.0.0.1:port}: the Origin a browser sends for pages of this site. */
  public String origin() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  /** The URI of {@code path} (starting with {@code /}) on this site. */
  public URI uri(String path) {
    return URI.create(origin() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = files.containsKey(path) ? files.get(path) : fromClasspath(path);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String extension = path.endsWith("/") ? "html" : path.substring(path.lastIndexOf('.') + 1);
      exchange
          .getResponseHeaders()
          .set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private byte[] fromClasspath(String path) throws IOException {
    String root = classpathRoot;
    if (root == null || path.contains("..")) {
      return null;
    }
    String name =
        root + (path.endsWith("/") ? path.substring(1) + "index.html" : path.substring(1));
    try (InputStream in = StaticSite.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
