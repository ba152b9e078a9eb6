package org.chatharness.server.broker;

/**
 * The Redis key names of the shared broker, in one place (the sweep script builds the same names).
 *
 * <p>A room's keys share the hash tag {@code {room}}, so a script touching one room's keys also
 * works where keys are spread over several Redis instances by slot.
 */
final class RedisKeys {
  /** The pub/sub channel carrying presence changes between nodes. */
  static final String PRESENCE_CHANNEL = "chat:presence";

  /** The set of node ids that may hold presence entries. */
  static final String NODES = "chat:nodes";

  private RedisKeys() {}

  /** The room's messages: a stream, ids "ms-seq". */
  static String stream(String room) {
    return "chat:{" + room + "}:messages";
  }

  /** Remembers, for an hour, the stream id a sender's client id got. */
  static String clientId(String room, String from, String cid) {
    // Neither room names nor chat names contain ':', so the key is unambiguous.
    return "chat:{" + room + "}:cid:" + from + ":" + cid;
  }

  /** The room's online names: a hash name -> node id. */
  static String online(String room) {
    return "chat:{" + room + "}:online";
  }

  /** The node's heartbeat: exists while the node is alive (it expires). */
  static String heartbeat(String node) {
    return "chat:node:" + node;
  }

  /** The rooms the node has announced names in, so a sweeper can find them. */
  static String nodeRooms(String node) {
    return "chat:node:" + node + ":rooms";
  }

  /** A stream the node's reader always reads: an entry wakes it to read a new room at once. */
  static String wake(String node) {
    return "chat:node:" + node + ":wake";
  }
}
