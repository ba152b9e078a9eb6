package org.chatharness.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.client.V1Client;

/**
 * A chat.v1 room of one check: a name of its own (so that checks on a shared server do not meet),
 * and names and keys for its people.
 */
public final class V1Room {
  /** The pause between two attempts to join with a name that is being released. */
  public static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final Clients clients;
  private final String name;
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  /** A joined client with what the server answered: its welcome and its history. */
  public record Joined(V1Client client, JsonNode welcome, JsonNode history) {}

  public V1Room(Clients clients, String label) {
    this.clients = clients;
    this.name = label + "-" + suffix;
  }

  /** The room's name, as in {@code /rooms/{name}}. */
  public String name() {
    return name;
  }

  /** {@code base} made unique to this check, e.g. {@code alice-3f2a9c}: a valid chat name. */
  public String person(String base) {
    return base + "-" + suffix;
  }

  /** The texts of a {@code history} message's messages, oldest first. */
  public static List<String> historyTexts(JsonNode history) {
    return StreamSupport.stream(history.path("messages").spliterator(), false)
        .map(m -> m.path("text").asText())
        .toList();
  }

  /** A new random key of 32 characters. */
  public static String newKey() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A client connected to this room on the first node, not joined. */
  public V1Client connect() throws IOException {
    return clients.v1(name);
  }

  /** A client connected to this room on the node whose page is {@code node}, not joined. */
  public V1Client connect(URI node) throws IOException {
    return clients.v1(node, name);
  }

  /** Connects and joins as {@code person} with a new key; fails if not welcomed. */
  public Joined join(String person) throws Exception {
    return join(clients.target().url(), person, newKey(), null);
  }

  /**
   * Joins as {@code person} ({@code key} and {@code since} may be null) once the name is free: a
   * name is released when its last connection closes, which a server may take a moment to notice.
   * Tries again every {@link #RETRY_PAUSE}, on a new connection each time, for at most {@link
   * Bounds#NAME_RELEASE}.
   */
  public Joined joinOnceFree(URI node, String person, String key, Long since) throws Exception {
    long deadline = System.nanoTime() + Bounds.NAME_RELEASE.toNanos();
    while (true) {
      V1Client client = connect(node);
      client.sendJoin(person, key, since);
      JsonNode answer = client.next();
      if ("welcome".equals(answer.path("type").asText())) {
        return new Joined(client, answer, client.expect("history"));
      }
      client.close();
      if (!"name_taken".equals(answer.path("code").asText())) {
        throw new AssertionError("join of " + person + " answered with " + answer);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "\"" + person + "\" still taken " + Bounds.NAME_RELEASE + " after its holder left");
      }
      Thread.sleep(RETRY_PAUSE.toMillis());
    }
  }

  /** Connects to {@code node} and joins; {@code key} and {@code since} may be null. */
  public Joined join(URI node, String person, String key, Long since) throws Exception {
    V1Client client = connect(node);
    JsonNode welcome = client.join(person, key, since);
    return new Joined(client, welcome, client.expect("history"));
  }
}
