package org.chatharness.server.room;

/** How a chat.v1 join under a name went, in the room or across the cluster. */
public enum JoinResult {
  /** Joined; welcome and history are queued. */
  JOINED,
  /** The name is held by other connections under another key, or under none. */
  NAME_TAKEN,
  /** The name's owner has {@link Room#MAX_CONNECTIONS_PER_NAME} connections in the room already. */
  TOO_MANY_CONNECTIONS,
  /** The connection let its room go before the join could finish: there is no one to answer. */
  ABANDONED
}
