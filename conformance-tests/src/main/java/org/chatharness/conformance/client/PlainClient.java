package org.chatharness.conformance.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Target;

/**
 * A WebSocket client as any program would use one (the JDK's {@link WebSocket}): it records every
 * message it receives, text or binary, and how the connection closed. Every wait is bounded.
 */
public final class PlainClient implements AutoCloseable {
  /** A whole message received: its text, or a binary message's bytes read as UTF-8. */
  public record Received(boolean binary, String text) {}

  /** How the connection ended: the close code and reason, 1006 when it broke without a close. */
  public record Closed(int code, String reason) {}

  private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private static final Duration CLOSE_AFTER_FAILED_SEND = Duration.ofMillis(500);
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final boolean recording;
  private WebSocket socket;

  private PlainClient(boolean recording) {
    this.recording = recording;
  }

  /**
   * Connects to {@code uri}, offering {@code subprotocol} unless it is null, and waits for the
   * handshake. A client that is not {@code recording} drops what it receives (a sender whose own
   * copies are not looked at).
   */
  public static PlainClient connect(HttpClient http, URI uri, String subprotocol, boolean recording)
      throws IOException {
    PlainClient client = new PlainClient(recording);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Bounds.CONNECT);
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    try {
      client.socket =
          builder
              .buildAsync(uri, client.new Listener())
              .get(Bounds.CONNECT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        throw new IOException(
            "WebSocket handshake to "
                + uri
                + " refused with HTTP "
                + refused.getResponse().statusCode(),
            refused);
      }
      throw new IOException("cannot open a WebSocket to " + uri + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IOException("no WebSocket handshake with " + uri + " within " + Bounds.CONNECT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + uri, e);
    }
    return client;
  }

  /** The subprotocol the server accepted, empty for none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Sends a text message and waits until it is written; fails if the connection is gone. */
  public void send(String text) throws IOException {
    await(socket.sendText(text, true), "send a message");
  }

  /** Sends a binary message and waits until it is written. */
  public void sendBinary(byte[] bytes) throws IOException {
    await(socket.sendBinary(ByteBuffer.wrap(bytes), true), "send a binary message");
  }

  private void await(CompletableFuture<WebSocket> operation, String what) throws IOException {
    try {
      operation.get(Bounds.DELIVERY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Closed close = closeSoon();
      if (close != null && close.code() != 1006) {
        // The usual cause: a limit of the server's. Say which close it was and how to declare it.
        throw new IOException(
            "could not "
                + what
                + ": the server had closed the connection with "
                + close.code()
                + (close.reason().isEmpty() ? "" : " \"" + close.reason() + "\"")
                + (close.code() == 1008 ? " (" + Target.RATE_LIMIT_HINT + ")" : ""),
            e.getCause());
      }
      throw new IOException("could not " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("could not " + what + " within " + Bounds.DELIVERY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The close, if it comes within a moment: a failed send often races the close frame. */
  private Closed closeSoon() {
    try {
      return closed.get(CLOSE_AFTER_FAILED_SEND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The next message received, or null if none arrives within {@code timeout}. */
  public Received poll(Duration timeout) throws InterruptedException {
    return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The close, once it happened within {@code timeout}; null if the connection is still open. */
  public Closed awaitClose(Duration timeout) throws InterruptedException {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillOpen) {
      return null;
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The close if it happened already, else null. */
  public Closed closedNow() {
    return closed.getNow(null);
  }

  /** Ends the connection at once, without a close handshake. */
  public void abort() {
    socket.abort();
  }

  /**
   * Starts the close handshake (1000) and does not wait for it; a server that does not answer
   * within {@link Bounds#CLOSE} is cut off.
   */
  @Override
  public void close() {
    if (socket == null) {
      return;
    }
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }
    closed
        .completeOnTimeout(
            new Closed(1006, "no close answer within " + Bounds.CLOSE),
            Bounds.CLOSE.toMillis(),
            TimeUnit.MILLISECONDS)
        .whenComplete((answer, failure) -> socket.abort());
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (recording) {
        text.append(data);
        if (last) {
          inbox.add(new Received(false, text.toString()));
          text.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (recording) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
          inbox.add(new Received(true, binary.toString(StandardCharsets.UTF_8)));
          binary.reset();
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(1006, String.valueOf(error)));
    }
  }
}
