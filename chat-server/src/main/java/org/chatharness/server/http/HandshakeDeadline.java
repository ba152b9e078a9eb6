package org.chatharness.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes HTTP connections that have not completed a first request within the handshake timeout.
 *
 * <p>The connector's idle timeout restarts with every byte, so a client that sends its headers a
 * byte at a time (slowloris) would never time out; this gives the first request a deadline from the
 * moment the connection opened. Connections that completed a request (kept-alive page loads) and
 * upgraded WebSockets are left to their own timeouts.
 */
public final class HandshakeDeadline implements Connection.Listener, AutoCloseable {
  private final long timeoutMillis;
  private final Map<HttpConnection, Long> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "chat-handshake-deadline");
            thread.setDaemon(true);
            return thread;
          });

  public HandshakeDeadline(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  /** Starts the periodic check. */
  public void start() {
    long period = Math.max(50, Math.min(1000, timeoutMillis / 4));
    timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      pending.put(http, System.currentTimeMillis());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection http) {
      pending.remove(http);
    }
  }

  void sweep() {
    long now = System.currentTimeMillis();
    pending.forEach(
        (connection, opened) -> {
          if (connection.getMessagesIn() > 0) {
            pending.remove(connection);
          } else if (now - opened > timeoutMillis) {
            pending.remove(connection);
            connection.getEndPoint().close();
          }
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
