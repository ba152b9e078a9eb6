package org.chatharness.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chatharness.server.timer.Ticker;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractMetaDataConnection;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Closes an HTTP connection that goes longer than the handshake timeout without progress: without a
 * complete request since it opened, since its last request, or since its last response.
 *
 * <p>The connector's idle timeout restarts with every byte, so a client that sends its headers a
 * byte at a time (slowloris), first request or a later one on a kept-alive connection, would never
 * time out; here the clock restarts only when a request has been received whole or a response sent.
 * Upgraded WebSockets leave HTTP, and this, behind: they have their own heartbeat.
 *
 * <p>A bean of the connector, whose connections it hears of; it sweeps from its start to its stop.
 */
public final class RequestDeadline extends ContainerLifeCycle implements Connection.Listener {
  private final long timeoutMillis;
  private final Map<Connection, Progress> watched = new ConcurrentHashMap<>();

  /** Requests and responses seen so far on one connection, and since when. */
  private static final class Progress {
    long messages;
    long sinceMillis;

    Progress(long sinceMillis) {
      this.sinceMillis = sinceMillis;
    }
  }

  public RequestDeadline(Duration timeout, Timer timer) {
    this.timeoutMillis = timeout.toMillis();
    long period = Math.max(50, Math.min(1000, timeoutMillis / 4));
    addBean(new Ticker("request deadline", Duration.ofMillis(period), this::sweep, timer));
  }

  @Override
  public void onOpened(Connection connection) {
    if (isHttp(connection)) {
      watched.put(connection, new Progress(System.currentTimeMillis()));
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (isHttp(connection)) {
      watched.remove(connection);
    }
  }

  /**
   * An HTTP/1 connection, the one kind that carries requests here: not the TLS layer under it, nor
   * the WebSocket connection an upgrade replaces it with.
   */
  private static boolean isHttp(Connection connection) {
    return connection instanceof AbstractMetaDataConnection;
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
}
