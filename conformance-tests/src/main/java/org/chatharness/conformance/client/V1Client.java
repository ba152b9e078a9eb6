package org.chatharness.conformance.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.chatharness.conformance.Bounds;

/**
 * A chat.v1 client (docs/PROTOCOL.md) over a {@link PlainClient}: it writes JSON messages and reads
 * the server's, each wait bounded by {@link Bounds#DELIVERY}.
 *
 * <pre>{@code
 * V1Client alice = clients.v1("room-1");
 * JsonNode welcome = alice.join("alice", key, null);
 * alice.send("c1", "hello");
 * alice.awaitAck("c1");
 * }</pre>
 */
public final class V1Client implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlainClient socket;

  public V1Client(PlainClient socket) {
    this.socket = socket;
  }

  /** The connection underneath, for its close. */
  public PlainClient socket() {
    return socket;
  }

  /**
   * Sends {@code join} ({@code key} and {@code since} when not null) and returns the {@code
   * welcome}; the {@code history} that follows is left for {@link #expect}. Fails if the server
   * answers anything else first.
   */
  public JsonNode join(String name, String key, Long since)
      throws IOException, InterruptedException {
    sendJoin(name, key, since);
    return expect("welcome");
  }

  /** Sends {@code join} without reading the answer. */
  public void sendJoin(String name, String key, Long since) throws IOException {
    socket.send(V1Messages.join(name, key, since));
  }

  /** Sends a {@code send}. */
  public void send(String cid, String text) throws IOException {
    socket.send(V1Messages.send(cid, text));
  }

  /** Sends any text as it is, for messages the protocol refuses. */
  public void sendRaw(String text) throws IOException {
    socket.send(text);
  }

  /** The next message from the server, parsed; fails if none arrives in time. */
  public JsonNode next() throws IOException, InterruptedException {
    JsonNode message = poll(Bounds.DELIVERY);
    if (message == null) {
      throw new AssertionError(
          "no message from the server within " + Bounds.DELIVERY + closedSuffix());
    }
    return message;
  }

  /** The next message, or null if none arrives within {@code timeout}. */
  public JsonNode poll(Duration timeout) throws IOException, InterruptedException {
    PlainClient.Received received = socket.poll(timeout);
    if (received == null) {
      return null;
    }
    if (received.binary()) {
      throw new AssertionError("the server sent a binary message: " + received.text());
    }
    try {
      return JSON.readTree(received.text());
    } catch (JsonProcessingException notJson) {
      throw new AssertionError("the server sent text that is not JSON: " + received.text());
    }
  }

  /** The next message, which must be of {@code type}. */
  public JsonNode expect(String type) throws IOException, InterruptedException {
    JsonNode message = next();
    if (!type.equals(message.path("type").asText())) {
      throw new AssertionError("expected a \"" + type + "\" message, got " + message);
    }
    return message;
  }

  /** Skips messages until one matches; fails if none does within {@link Bounds#DELIVERY}. */
  public JsonNode nextMatching(String what, Predicate<JsonNode> wanted)
      throws IOException, InterruptedException {
    return nextMatching(what, wanted, Bounds.DELIVERY);
  }

  /** Skips messages until one matches; fails if none does within {@code bound}. */
  public JsonNode nextMatching(String what, Predicate<JsonNode> wanted, Duration bound)
      throws IOException, InterruptedException {
    List<JsonNode> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      JsonNode message = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (message == null) {
        throw new AssertionError(
            "no " + what + " within " + bound + "; got " + skipped + closedSuffix());
      }
      if (wanted.test(message)) {
        return message;
      }
      skipped.add(message);
    }
  }

  /** Skips messages until the next of {@code type}. */
  public JsonNode nextOfType(String type) throws IOException, InterruptedException {
    return nextMatching("\"" + type + "\" message", m -> type.equals(m.path("type").asText()));
  }

  /** Skips messages until the {@code ack} of {@code cid}. */
  public JsonNode awaitAck(String cid) throws IOException, InterruptedException {
    return nextMatching(
        "ack of " + cid,
        m -> "ack".equals(m.path("type").asText()) && cid.equals(m.path("cid").asText()));
  }

  /** The answer to one's own send: its ack, and the room's message it became. */
  public record Sent(JsonNode ack, JsonNode message) {}

  /**
   * Skips messages until both the {@code ack} of {@code cid} and the room's {@code message} with
   * that cid arrived, in either order (both are allowed).
   */
  public Sent awaitAckAndMessage(String cid) throws IOException, InterruptedException {
    JsonNode ack = null;
    JsonNode message = null;
    while (ack == null || message == null) {
      JsonNode next =
          nextMatching(
              "ack and message of " + cid,
              m ->
                  cid.equals(m.path("cid").asText())
                      && ("ack".equals(m.path("type").asText())
                          || "message".equals(m.path("type").asText())));
      if ("ack".equals(next.path("type").asText())) {
        ack = next;
      } else {
        message = next;
      }
    }
    return new Sent(ack, message);
  }

  /** Skips messages until the room's {@code message} with {@code text}. */
  public JsonNode awaitMessage(String text) throws IOException, InterruptedException {
    return nextMatching(
        "message \"" + text + "\"",
        m -> "message".equals(m.path("type").asText()) && text.equals(m.path("text").asText()));
  }

  /**
   * Skips other messages until the room's messages with every one of {@code texts} arrived, in any
   * order (messages of several senders may come in any order).
   */
  public void awaitMessages(String... texts) throws IOException, InterruptedException {
    Set<String> missing = new HashSet<>(List.of(texts));
    while (!missing.isEmpty()) {
      JsonNode message =
          nextMatching(
              "messages " + missing,
              m ->
                  "message".equals(m.path("type").asText())
                      && missing.contains(m.path("text").asText()));
      missing.remove(message.path("text").asText());
    }
  }

  /** Skips messages until an {@code error} with {@code code}. */
  public JsonNode awaitError(String code) throws IOException, InterruptedException {
    return nextMatching(
        "error " + code,
        m -> "error".equals(m.path("type").asText()) && code.equals(m.path("code").asText()));
  }

  /**
   * The room's messages (type {@code message}) received up to and including the one with {@code
   * text}, other types skipped.
   */
  public List<JsonNode> messagesUntil(String text) throws IOException, InterruptedException {
    List<JsonNode> messages = new ArrayList<>();
    while (true) {
      JsonNode message = nextOfType("message");
      messages.add(message);
      if (text.equals(message.path("text").asText())) {
        return messages;
      }
    }
  }

  /**
   * Everything the server sends (any type) before the room's message with {@code text}: what a
   * client was told up to a marker.
   */
  public List<JsonNode> everythingBefore(String text) throws IOException, InterruptedException {
    List<JsonNode> before = new ArrayList<>();
    while (true) {
      JsonNode next = next();
      if ("message".equals(next.path("type").asText()) && text.equals(next.path("text").asText())) {
        return before;
      }
      before.add(next);
    }
  }

  private String closedSuffix() {
    PlainClient.Closed closed = socket.closedNow();
    return closed == null ? "" : " (closed " + closed.code() + " " + closed.reason() + ")";
  }

  @Override
  public void close() {
    socket.close();
  }
}
