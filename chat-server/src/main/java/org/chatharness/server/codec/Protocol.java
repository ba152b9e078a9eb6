package org.chatharness.server.codec;

/** The protocols a connection may speak; each has its own encoding of a room's messages. */
public enum Protocol {
  /** No subprotocol: a message is its bare text. */
  PLAIN,
  /** Subprotocol {@code chat.v1}: JSON, see docs/PROTOCOL.md. */
  V1;

  /** The WebSocket subprotocol name of chat.v1. */
  public static final String V1_NAME = "chat.v1";
}
