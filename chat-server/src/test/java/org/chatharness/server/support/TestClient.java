package org.chatharness.server.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real WebSocket client that records what it receives: texts in a queue, and the close code and
 * reason once closed. Every wait is bounded.
 */
public final class TestClient extends Session.Listener.AbstractAutoDemanding
    implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration ECHO_WAIT = Duration.ofMillis(200);

  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile int closeCode = -1;
  private volatile String closeReason;

  /** Connects and waits for the handshake; fails the test if it does not complete. */
  public static TestClient connect(WebSocketClient client, URI uri) throws Exception {
    return connect(client, new ClientUpgradeRequest(uri));
  }

  /** Connects with a given request (headers, subprotocols) and waits for the handshake. */
  public static TestClient connect(WebSocketClient client, ClientUpgradeRequest request)
      throws Exception {
    TestClient listener = new TestClient();
    CompletableFuture<Session> session = client.connect(listener, request);
    session.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return listener;
  }

  @Override
  public void onWebSocketText(String message) {
    texts.add(message);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    closeCode = statusCode;
    closeReason = reason;
    closed.countDown();
    callback.succeed();
  }

  /** Sends a text message and waits until it is written. */
  public void send(String text) throws Exception {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    getSession()
        .sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
    sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Sends markers until one comes back: a plain client's only proof that it is in its room, for a
   * test that needs it to be there before others act. Consumes what arrives meanwhile.
   */
  public void awaitOwnEcho() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String marker = "echo " + attempt + " " + System.nanoTime();
      send(marker);
      for (String got = poll(ECHO_WAIT); got != null; got = poll(ECHO_WAIT)) {
        if (got.equals(marker)) {
          return;
        }
      }
    }
    throw new AssertionError("no message of this client came back within " + WAIT);
  }

  /** The next received text, or {@code null} if none arrives within {@code timeout}. */
  public String poll(Duration timeout) throws InterruptedException {
    return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next received text; fails if none arrives within the standard wait. */
  public String next() throws InterruptedException {
    String text = poll(WAIT);
    if (text == null) {
      throw new AssertionError("no message within " + WAIT);
    }
    return text;
  }

  /**
   * The next {@code count} texts; fails if they do not all arrive within the standard wait each.
   */
  public List<String> next(int count) throws InterruptedException {
    List<String> received = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      received.add(next());
    }
    return received;
  }

  /** Everything received until the close; fails if the close does not come within the wait. */
  public List<String> untilClosed() throws InterruptedException {
    if (!awaitClose(WAIT)) {
      throw new AssertionError("not closed within " + WAIT);
    }
    // Texts are queued before the close is recorded.
    List<String> received = new ArrayList<>();
    texts.drainTo(received);
    return received;
  }

  /** Waits for the close; returns whether it happened within {@code timeout}. */
  public boolean awaitClose(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  @Override
  public void close() {
    Session session = getSession();
    if (session != null && session.isOpen()) {
      session.close();
    }
  }
}
