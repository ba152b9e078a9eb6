package org.chatharness.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a free loopback port that a test can cut and restore, to play a network between a
 * browser and the server.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.open()) {
 *   proxy.forwardTo("localhost", server.getMappedPort(8000));
 *   page.open(proxy.httpUri("/"));   // the page, and then its WebSocket, go through the proxy
 *   proxy.cut();                     // every connection dropped, new ones reset at once
 *   proxy.restore();                 // new connections get through again
 * }
 * }</pre>
 *
 * <p>The port is bound before the target is known, so a test can put the proxy's origin in the
 * server's configuration and point the proxy at the server once it runs; {@link #forwardTo} may be
 * called again (a restarted container has a new port) and applies to new connections.
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile InetSocketAddress target;
  private volatile boolean cut;

  private TcpProxy(ServerSocket listener) {
    this.listener = listener;
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Binds a free port on the loopback interface and starts accepting. */
  public static TcpProxy open() {
    try {
      return new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port for the proxy", e);
    }
  }

  /** Where new connections go from now on; until this is called they are closed at once. */
  public TcpProxy forwardTo(String host, int port) {
    this.target = InetSocketAddress.createUnresolved(host, port);
    return this;
  }

  /** The port the proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code http://127.0.0.1:port}: what a browser sends as Origin for a page loaded through it. */
  public String origin() {
    return "http://" + listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /** The URI of {@code path} (starting with {@code /}) through the proxy. */
  public URI httpUri(String path) {
    return URI.create(origin() + path);
  }

  /** Drops every open connection and resets new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    sockets.forEach(this::reset);
    LOG.info("proxy :{} cut", port());
  }

  /** Lets new connections through again; connections dropped by {@link #cut()} stay dropped. */
  public void restore() {
    cut = false;
    LOG.info("proxy :{} restored", port());
  }

  /** Connections currently open on either side (two per proxied connection). */
  public int openSockets() {
    return sockets.size();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the listener of proxy :{}", port(), e);
    }
    sockets.forEach(this::reset);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException closed) {
        return;
      }
      InetSocketAddress to = target;
      if (cut || to == null) {
        reset(client);
        continue;
      }
      Thread connector = new Thread(() -> connect(client, to), "tcp-proxy-connect-" + port());
      connector.setDaemon(true);
      connector.start();
    }
  }

  private void connect(Socket client, InetSocketAddress to) {
    Socket server = new Socket();
    try {
      server.connect(new InetSocketAddress(to.getHostString(), to.getPort()), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      LOG.info(
          "proxy :{} cannot reach {}:{}: {}",
          port(),
          to.getHostString(),
          to.getPort(),
          e.toString());
      reset(client);
      reset(server);
      return;
    }
    sockets.add(client);
    sockets.add(server);
    // A cut between accept and here must not let this connection through.
    if (cut) {
      reset(client);
      reset(server);
      return;
    }
    pump(client, server, "up");
    pump(server, client, "down");
  }

  /** Copies one direction until either side ends, then closes both. */
  private void pump(Socket from, Socket to, String direction) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[BUFFER_BYTES];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ended) {
                // a reset from cut() or from either peer: the connection is over either way
              } finally {
                // An orderly close: bytes still in the buffer (the end of a response) get
                // delivered.
                close(from);
                close(to);
              }
            },
            "tcp-proxy-" + direction + "-" + port());
    pump.setDaemon(true);
    pump.start();
  }

  /** Closes with a TCP reset, as a broken network would, rather than an orderly FIN. */
  private void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException alreadyClosed) {
      // nothing to reset
    }
    close(socket);
  }

  private void close(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that was wanted
    }
  }
}
