package org.chatharness.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * The presence events of docs/PROTOCOL.md that announce one name: a {@code join} or {@code leave}
 * event naming it, or a batched {@code changes} event listing it under {@code joined} or {@code
 * left}. Nothing else counts: not another name's event whose {@code online} list holds it, nor a
 * batch that lists it on the other side.
 */
public final class PresenceEvents {
  private PresenceEvents() {}

  /** {@code name} came online. */
  public static Predicate<JsonNode> joinOf(String name) {
    return m -> announces(m, "join", "joined", name);
  }

  /** {@code name} went offline. */
  public static Predicate<JsonNode> leaveOf(String name) {
    return m -> announces(m, "leave", "left", name);
  }

  private static boolean announces(JsonNode m, String single, String batched, String name) {
    if (!"presence".equals(m.path("type").asText())) {
      return false;
    }
    String event = m.path("event").asText();
    if (single.equals(event)) {
      return name.equals(m.path("name").asText());
    }
    if ("changes".equals(event)) {
      for (JsonNode listed : m.path(batched)) {
        if (name.equals(listed.asText())) {
          return true;
        }
      }
    }
    return false;
  }
}
