package org.chatharness.server.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.chatharness.server.outbound.OutboundMessage;

/**
 * The chat.v1 wire format: parses what clients send and encodes what the server sends, each message
 * to bytes once. The format is documented in docs/PROTOCOL.md.
 */
public final class V1Codec {
  /** Names: 1-32 letters, digits, spaces, '-', '_' or '.', without space at either end. */
  public static final Pattern NAME =
      Pattern.compile("[\\p{L}\\p{N}_.-]([\\p{L}\\p{N} _.-]{0,30}[\\p{L}\\p{N}_.-])?");

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{16,128}");
  private static final Pattern CID = Pattern.compile("[\\x21-\\x7e]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  // A history frame is put together from its messages, each encoded once, so that it can stop at
  // the newest that fit: {"type":"history","messages":[...],"gap":false}
  private static final byte[] HISTORY_START =
      "{\"type\":\"history\",\"messages\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] HISTORY_END = "],\"gap\":false}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] HISTORY_END_WITH_GAP =
      "],\"gap\":true}".getBytes(StandardCharsets.UTF_8);

  private V1Codec() {}

  /** Parses one client message, or explains what is wrong with it. */
  public static ClientMessage parse(String text) throws ProtocolError {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      throw new ProtocolError("bad_json", "not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ProtocolError("bad_json", "a message must be a JSON object");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      throw new ProtocolError("unknown_type", "missing \"type\"");
    }
    return switch (type.asText()) {
      case "join" -> join(root);
      case "send" -> send(root);
      default ->
          throw new ProtocolError("unknown_type", "unknown type \"" + clip(type.asText()) + "\"");
    };
  }

  private static ClientMessage join(JsonNode root) throws ProtocolError {
    JsonNode name = root.get("name");
    if (name == null || !name.isTextual()) {
      throw new ProtocolError("bad_field", "join needs a \"name\" string");
    }
    JsonNode key = root.get("key");
    if (key != null
        && !key.isNull()
        && (!key.isTextual() || !KEY.matcher(key.asText()).matches())) {
      throw new ProtocolError("bad_field", "\"key\" must be 16-128 printable ASCII characters");
    }
    JsonNode since = root.get("since");
    if (since != null
        && !since.isNull()
        && (!since.canConvertToLong() || !since.isIntegralNumber() || since.asLong() < 0)) {
      throw new ProtocolError(
          "bad_field", "\"since\" must be a message id (a whole number, 0 or more)");
    }
    return new ClientMessage.Join(
        name.asText(),
        key == null || key.isNull() ? null : key.asText(),
        since == null || since.isNull() ? null : since.asLong());
  }

  private static ClientMessage send(JsonNode root) throws ProtocolError {
    JsonNode cid = root.get("cid");
    if (cid == null || !cid.isTextual() || !CID.matcher(cid.asText()).matches()) {
      throw new ProtocolError(
          "bad_field", "send needs a \"cid\" of 1-64 printable ASCII characters");
    }
    JsonNode text = root.get("text");
    if (text == null || !text.isTextual() || text.asText().isEmpty()) {
      throw new ProtocolError("bad_field", "send needs a non-empty \"text\" string", cid.asText());
    }
    return new ClientMessage.Send(cid.asText(), text.asText());
  }

  /** Whether {@code name} is a valid chat name. */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /** What a room says, as a chat.v1 client receives it. */
  static OutboundMessage encode(RoomEvent event) {
    if (event instanceof ChatMessage message) {
      return message(message);
    }
    if (event instanceof RoomEvent.Presence presence) {
      return presence(presence.event(), presence.name(), presence.online());
    }
    if (event instanceof RoomEvent.PresenceChanges changes) {
      return presenceChanges(changes.joined(), changes.left());
    }
    if (event instanceof RoomEvent.Welcome w) {
      return welcome(
          w.room(), w.name(), w.online(), w.lastId(), w.historyLimit(), w.maxMessageBytes());
    }
    RoomEvent.History history = (RoomEvent.History) event;
    return history(history.messages(), history.gap(), history.maxBytes());
  }

  /** A room message, as every v1 member receives it. */
  public static OutboundMessage message(ChatMessage message) {
    return encode(messageNode(message));
  }

  private static ObjectNode messageNode(ChatMessage m) {
    ObjectNode node =
        JSON.createObjectNode().put("type", "message").put("id", m.id()).put("ts", m.ts());
    node.put("from", m.from()).put("text", m.text());
    if (m.cid() != null) {
      node.put("cid", m.cid());
    }
    return node;
  }

  public static OutboundMessage welcome(
      String room,
      String name,
      Collection<String> online,
      long lastId,
      int historyLimit,
      int maxMessageBytes) {
    ObjectNode node =
        JSON.createObjectNode().put("type", "welcome").put("room", room).put("name", name);
    names(node.putArray("online"), online);
    node.put("lastId", lastId)
        .put("historyLimit", historyLimit)
        .put("maxMessageSize", maxMessageBytes);
    return encode(node);
  }

  /** A history of all of {@code messages}, oldest first, however large: for tools and tests. */
  public static OutboundMessage history(List<ChatMessage> messages, boolean gap) {
    return history(messages, gap, Long.MAX_VALUE);
  }

  /**
   * A history of the newest of {@code replay} (oldest first) that fit in {@code maxBytes} once
   * encoded, the whole frame counted. {@code gap} is true when {@code gapBefore} is, or when older
   * messages had to be left out: the client is told it missed them, as after a long absence.
   */
  public static OutboundMessage history(
      List<ChatMessage> replay, boolean gapBefore, long maxBytes) {
    // "false" is the longer ending: the frame fits whichever it gets.
    long payload = HISTORY_START.length + HISTORY_END.length;
    List<byte[]> newestFirst = new ArrayList<>();
    for (int i = replay.size() - 1; i >= 0; i--) {
      byte[] item = bytes(historyItem(replay.get(i)));
      long needed = item.length + (newestFirst.isEmpty() ? 0 : 1);
      if (OutboundMessage.textSize(payload + needed) > maxBytes) {
        break;
      }
      payload += needed;
      newestFirst.add(item);
    }
    boolean gap = gapBefore || newestFirst.size() < replay.size();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes(HISTORY_START);
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      frame.writeBytes(newestFirst.get(i));
      if (i > 0) {
        frame.write(',');
      }
    }
    frame.writeBytes(gap ? HISTORY_END_WITH_GAP : HISTORY_END);
    return OutboundMessage.ofUtf8(frame.toByteArray());
  }

  private static ObjectNode historyItem(ChatMessage m) {
    ObjectNode item = messageNode(m);
    item.remove("type");
    return item;
  }

  public static OutboundMessage ack(String cid, long id, boolean duplicate) {
    return encode(
        JSON.createObjectNode()
            .put("type", "ack")
            .put("cid", cid)
            .put("id", id)
            .put("duplicate", duplicate));
  }

  /**
   * A presence event of a small room, with the online list after it. Larger rooms send {@link
   * #presenceChanges} instead: with the list, every member getting every join would put n² names
   * into the members' queues in a wave of n joins.
   */
  public static OutboundMessage presence(String event, String name, Collection<String> online) {
    ObjectNode node =
        JSON.createObjectNode().put("type", "presence").put("event", event).put("name", name);
    names(node.putArray("online"), online);
    return encode(node);
  }

  /**
   * The presence changes of a large room, gathered over a moment: the names that are online now and
   * those that are not, each changed since the last such event. A client adds the first to its list
   * and removes the second.
   */
  public static OutboundMessage presenceChanges(
      Collection<String> joined, Collection<String> left) {
    ObjectNode node = JSON.createObjectNode().put("type", "presence").put("event", "changes");
    names(node.putArray("joined"), joined);
    names(node.putArray("left"), left);
    return encode(node);
  }

  public static OutboundMessage error(ProtocolError error) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("type", "error")
            .put("code", error.code())
            .put("message", error.getMessage());
    if (error.cid() != null) {
      node.put("cid", error.cid());
    }
    return encode(node);
  }

  private static void names(ArrayNode array, Collection<String> names) {
    names.forEach(array::add);
  }

  private static OutboundMessage encode(ObjectNode node) {
    return OutboundMessage.ofUtf8(bytes(node));
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a JSON tree failed to serialise", impossible);
    }
  }

  private static String clip(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "…";
  }
}
