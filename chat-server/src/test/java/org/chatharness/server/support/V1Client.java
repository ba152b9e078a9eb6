package org.chatharness.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.chatharness.conformance.client.V1Messages;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/** A chat.v1 client for tests: a {@link TestClient} that speaks and reads JSON. */
public final class V1Client implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final TestClient socket;

  private V1Client(TestClient socket) {
    this.socket = socket;
  }

  /** Connects to {@code path} offering the chat.v1 subprotocol. */
  public static V1Client connect(Harness h, String path) throws Exception {
    ClientUpgradeRequest request = new ClientUpgradeRequest(h.ws(path));
    request.setSubProtocols("chat.v1");
    TestClient socket = TestClient.connect(h.client, request);
    if (!"chat.v1".equals(socket.getSession().getUpgradeResponse().getAcceptedSubProtocol())) {
      throw new AssertionError("server did not accept chat.v1");
    }
    return new V1Client(socket);
  }

  /** Connects and joins without a key; consumes welcome and history. */
  public static V1Client joined(Harness h, String path, String name) throws Exception {
    return joined(h, path, name, null);
  }

  /** Connects and joins with {@code key} (may be null); consumes welcome and history. */
  public static V1Client joined(Harness h, String path, String name, String key) throws Exception {
    V1Client client = connect(h, path);
    client.join(name, key, null);
    client.expect("welcome");
    client.expect("history");
    return client;
  }

  /**
   * Connects and joins without a key as PROTOCOL.md tells a client to: a keyless name whose last
   * connection has just closed may still be held until the server has handled that close, so on
   * {@code name_taken} it joins again, waiting twice as long each time from 20 ms up to half a
   * second (each refusal counts against the connection's ten errors in ten seconds), for up to
   * {@link TestClient#WAIT}. Consumes welcome and history.
   */
  public static V1Client joinedRetrying(Harness h, String path, String name) throws Exception {
    V1Client client = connect(h, path);
    client.joinRetrying(name, null);
    return client;
  }

  /**
   * Joins without a key, after {@code since} if not null, joining again on {@code name_taken} as
   * {@link #joinedRetrying} does; returns the {@code history} that follows the welcome.
   */
  public JsonNode joinRetrying(String name, Long since) throws Exception {
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    long pauseMillis = 20;
    while (true) {
      join(name, null, since);
      JsonNode answer = next();
      if ("welcome".equals(answer.path("type").asText())) {
        return expect("history");
      }
      if (!"name_taken".equals(answer.path("code").asText()) || System.nanoTime() > deadline) {
        throw new AssertionError("expected a welcome for " + name + ", got " + answer);
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(500, pauseMillis * 2);
    }
  }

  /** Connects and sends a join; returns the client with the answer still to read. */
  public static V1Client joining(Harness h, String path, String name, String key) throws Exception {
    V1Client client = connect(h, path);
    client.join(name, key, null);
    return client;
  }

  public void join(String name, String key, Long since) throws Exception {
    socket.send(V1Messages.join(name, key, since));
  }

  public void send(String cid, String text) throws Exception {
    socket.send(V1Messages.send(cid, text));
  }

  public void sendRaw(String text) throws Exception {
    socket.send(text);
  }

  /** The next message from the server, parsed; fails if none arrives. */
  public JsonNode next() throws Exception {
    return JSON.readTree(socket.next());
  }

  /** The next message, which must be of {@code type}. */
  public JsonNode expect(String type) throws Exception {
    JsonNode message = next();
    if (!type.equals(message.path("type").asText())) {
      throw new AssertionError("expected a " + type + " message, got " + message);
    }
    return message;
  }

  /** The next message of {@code type}, skipping others (presence, say); fails if none arrives. */
  public JsonNode nextOfType(String type) throws Exception {
    while (true) {
      JsonNode message = next();
      if (type.equals(message.path("type").asText())) {
        return message;
      }
    }
  }

  /** Skips messages until the ack of {@code cid}; fails if it does not arrive. */
  public JsonNode awaitAck(String cid) throws Exception {
    while (true) {
      JsonNode ack = nextOfType("ack");
      if (cid.equals(ack.path("cid").asText())) {
        return ack;
      }
    }
  }

  /**
   * Skips what arrives until both the ack of {@code cid} and the room's message with it are in, in
   * either order (with a shared broker the ack may come first); returns the ack.
   */
  public JsonNode awaitAckAndMessage(String cid) throws Exception {
    JsonNode ack = null;
    boolean message = false;
    while (ack == null || !message) {
      JsonNode next = next();
      if (cid.equals(next.path("cid").asText())) {
        switch (next.path("type").asText()) {
          case "ack" -> ack = next;
          case "message" -> message = true;
          default -> {}
        }
      }
    }
    return ack;
  }

  /** Skips messages until the room's message with {@code cid}; fails if it does not arrive. */
  public JsonNode awaitMessage(String cid) throws Exception {
    while (true) {
      JsonNode message = nextOfType("message");
      if (cid.equals(message.path("cid").asText())) {
        return message;
      }
    }
  }

  /** Asserts nothing more arrives within {@code quiet}. */
  public void expectSilence(Duration quiet) throws Exception {
    String more = socket.poll(quiet);
    if (more != null) {
      throw new AssertionError("expected nothing more, got " + more);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
