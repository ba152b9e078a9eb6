package org.chatharness.server.broker;

/**
 * The Redis key names of the shared broker, in one place (the sweep and publish scripts build some
 * of the same names).
 *
 * <p>A room's keys share the hash tag {@code {room}}, so a script touching one room's keys also
 * works where keys are spread over several Redis instances by slot.
 */
final class RedisKeys {
  /** The pub/sub channel carrying presence changes between nodes. */
  static final String PRESENCE_CHANNEL = "chat:presence";

  /** The set of node ids that may hold presence entries. */
  static final String NODES = "chat:nodes";

  /** The rooms that have keys, scored by the time of their last message. */
  static final String ROOMS = "chat:rooms";

  private RedisKeys() {}

  /** The room's messages: a stream, ids "ms-seq". */
  static String stream(String room) {
    return "chat:{" + room + "}:messages";
  }

  /** The stream id each recent client id got: a hash {@code sender:cid} -> stream id. */
  static String clientIds(String room) {
    return "chat:{" + room + "}:cids";
  }

  /** The order the room's client ids came in, so the oldest can be forgotten: a sorted set. */
  static String clientIdOrder(String room) {
    return "chat:{" + room + "}:cid-order";
  }

  /** The room's names: a hash name -> JSON {@code {"o": owner, "h": [node/connection, ...]}}. */
  static String names(String room) {
    return "chat:{" + room + "}:names";
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
