package org.chatharness.server.room;

/** How a chat.v1 join went. */
public enum JoinResult {
  /** Joined; welcome and history are queued. */
  JOINED,
  /** Joined in place of an open connection with the same name and key, which is being closed. */
  REPLACED,
  /** Another open connection holds the name. */
  NAME_TAKEN
}
