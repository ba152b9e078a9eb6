package org.chatharness.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay on a free loopback port in front of one TCP service, that a test can stall: the link of a
 * node to Redis, to make the node fall behind while the others go on.
 *
 * <pre>{@code
 * try (TcpRelay relay = TcpRelay.to(redisPort)) {
 *   // the node connects to relay.port()
 *   relay.pause();   // bytes wait in the relay, in both directions
 *   relay.resume();  // and flow again, nothing lost
 *   relay.cut();     // every connection dropped, new ones closed at once
 *   relay.restore(); // new connections get through again
 * }
 * }</pre>
 *
 * <p>Each accepted connection gets its own connection to the target; when either side ends, both
 * do, so a restarted target is reached by the next connection.
 */
public final class TcpRelay implements AutoCloseable {
  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private boolean paused;
  private volatile boolean cut;

  private TcpRelay(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
    daemon(this::acceptLoop, "tcp-relay-" + listener.getLocalPort()).start();
  }

  /** A relay to {@code 127.0.0.1:targetPort}, accepting at once. */
  public static TcpRelay to(int targetPort) throws IOException {
    return new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
  }

  /** The port to connect to instead of the target's. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Stops passing bytes on, in both directions, until {@link #resume}; nothing is dropped. */
  public void pause() {
    synchronized (gate) {
      paused = true;
    }
  }

  /** Passes on what waited and everything after it. */
  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  /** Drops every connection, and closes new ones at once, until {@link #restore}. */
  public void cut() throws IOException {
    cut = true;
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  /** Lets new connections through again. */
  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket target = new Socket();
        sockets.add(client);
        sockets.add(target);
        try {
          target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        } catch (IOException unreachable) {
          closeBoth(client, target);
          continue;
        }
        daemon(() -> pump(client, target), "tcp-relay-up").start();
        daemon(() -> pump(target, client), "tcp-relay-down").start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        awaitOpen();
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException ended) {
      // One side went away: the other follows below.
    } finally {
      closeBoth(from, to);
    }
  }

  private void awaitOpen() throws InterruptedException {
    synchronized (gate) {
      while (paused) {
        gate.wait();
      }
    }
  }

  private void closeBoth(Socket a, Socket b) {
    for (Socket socket : new Socket[] {a, b}) {
      sockets.remove(socket);
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    resume();
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
