package org.chatharness.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chatharness.server.timer.Ticker;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes an HTTP connection that goes longer than the handshake timeout without progress: without a
 * complete request since it opened, since its last request, or since its last response.
 *
 * <p>The connector's idle timeout restarts with every byte, so a client that sends its headers a
 * byte at a time (slowloris), first request or a later one on a kept-alive connection, would never
 * time out; here the clock restarts only when a request has been received whole or a response sent.
 * Upgraded WebSockets leave HTTP, and this, behind: they have their own heartbeat.
 */
public final class RequestDeadline implements Connection.Listener, AutoCloseable {
  private final long timeoutMillis;
  private final Map<HttpConnection, Progress> watched = new ConcurrentHashMap<>();
  private final Ticker ticker;

  /** Requests and responses seen so far on one connection, and since when. */
  private static final class Progress {
    long messages;
    long sinceMillis;

    Progress(long sinceMillis) {
      this.sinceMillis = sinceMillis;
    }
  }

  public RequestDeadline(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
    long period = Math.max(50, Math.min(1000, timeoutMillis / 4));
    this.ticker = new Ticker("chat-request-deadline", Duration.ofMillis(period), this::sweep);
  }

  /** Starts the periodic check. */
  public void start() {
    ticker.start();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      watched.put(http, new Progress(System.currentTimeMillis()));
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection http) {
      watched.remove(http);
    }
  }

  void sweep() {
    long now = System.currentTimeMillis();
    watched.forEach(
        (connection, progress) -> {
          long messages = connection.getMessagesIn() + connection.getMessagesOut();
          if (messages != progress.messages) {
            progress.messages = messages;
            progress.sinceMillis = now;
          } else if (now - progress.sinceMillis > timeoutMillis) {
            watched.remove(connection);
            connection.getEndPoint().close();
          }
        });
  }

  @Override
  public void close() {
    ticker.close();
  }
}
