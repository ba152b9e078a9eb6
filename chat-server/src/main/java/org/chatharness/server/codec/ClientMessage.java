package org.chatharness.server.codec;

/** What a chat.v1 client may send; see docs/PROTOCOL.md. */
public sealed interface ClientMessage {

  /** Joins the room under a name; {@code since} asks for a resume after that message id. */
  record Join(String name, String key, Long since) implements ClientMessage {}

  /** A chat message with the client's id for it. */
  record Send(String cid, String text) implements ClientMessage {}
}
