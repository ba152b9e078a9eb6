package org.chatharness.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.conformance.client.V1Client;

/**
 * Opens connections to the server under test as an outside client would, and closes what one check
 * opened once it ends. Given to every check by {@link TargetResolver}.
 */
public final class Clients implements AutoCloseable {
  /** The WebSocket subprotocol of the richer protocol (docs/PROTOCOL.md). */
  public static final String CHAT_V1 = "chat.v1";

  private final Target target;
  private final HttpClient http;
  private final List<AutoCloseable> opened = new ArrayList<>();

  Clients(Target target, HttpClient http) {
    this.target = target;
    this.http = http;
  }

  public Target target() {
    return target;
  }

  /** A recording plain client at the target's plain WebSocket. */
  public PlainClient plain() throws IOException {
    return plain(target.socketUri());
  }

  /** A recording plain client at {@code uri}. */
  public PlainClient plain(URI uri) throws IOException {
    return remember(PlainClient.connect(http, uri, null, true));
  }

  /** A plain client at {@code uri} that drops what it receives: a sender only. */
  public PlainClient sendOnly(URI uri) throws IOException {
    return remember(PlainClient.connect(http, uri, null, false));
  }

  /** A chat.v1 client in room {@code room} of the first node, not joined yet. */
  public V1Client v1(String room) throws IOException {
    return v1(target.url(), room);
  }

  /** A chat.v1 client in room {@code room} of the node whose page is {@code node}. */
  public V1Client v1(URI node, String room) throws IOException {
    return v1(Target.roomUri(node, room));
  }

  /** A chat.v1 client at the WebSocket {@code uri}, not joined. */
  public V1Client v1(URI uri) throws IOException {
    PlainClient socket = PlainClient.connect(http, uri, CHAT_V1, true);
    remember(socket);
    if (!CHAT_V1.equals(socket.subprotocol())) {
      throw new AssertionError(
          "the server did not accept the subprotocol chat.v1 (it answered \""
              + socket.subprotocol()
              + "\")");
    }
    return new V1Client(socket);
  }

  /** A raw socket at {@code uri}; {@code receiveBuffer} 0 keeps the OS default. */
  public RawWebSocket raw(URI uri, int receiveBuffer, String subprotocol) throws IOException {
    return remember(RawWebSocket.connect(uri, receiveBuffer, subprotocol));
  }

  /** A raw socket at the target's plain WebSocket. */
  public RawWebSocket raw() throws IOException {
    return raw(target.socketUri(), 0, null);
  }

  /** {@code GET uri}, the body as text. */
  public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Bounds.CONNECT).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private <T extends AutoCloseable> T remember(T connection) {
    synchronized (opened) {
      opened.add(connection);
    }
    return connection;
  }

  /** Closes every connection opened through this object. */
  @Override
  public void close() {
    synchronized (opened) {
      for (AutoCloseable connection : opened) {
        try {
          connection.close();
        } catch (Exception alreadyGone) {
          // closed by the server, or cut off by the check on purpose
        }
      }
      opened.clear();
    }
  }
}
