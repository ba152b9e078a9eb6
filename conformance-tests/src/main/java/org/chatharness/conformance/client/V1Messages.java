package org.chatharness.conformance.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The client's messages of chat.v1 (docs/PROTOCOL.md), as the text a client sends. */
public final class V1Messages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private V1Messages() {}

  /** A {@code join}; {@code key} and {@code since} are left out when null. */
  public static String join(String name, String key, Long since) {
    ObjectNode join = JSON.createObjectNode().put("type", "join").put("name", name);
    if (key != null) {
      join.put("key", key);
    }
    if (since != null) {
      join.put("since", since);
    }
    return join.toString();
  }

  /** A {@code send}. */
  public static String send(String cid, String text) {
    return JSON.createObjectNode().put("type", "send").put("cid", cid).put("text", text).toString();
  }
}
