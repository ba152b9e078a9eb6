package org.chatharness.server.codec;

import org.chatharness.server.outbound.OutboundMessage;

/** The protocols a connection may speak; each has its own encoding of what a room says. */
public enum Protocol {
  /** No subprotocol: a message is its bare text, and nothing else is sent. */
  PLAIN {
    @Override
    public OutboundMessage encode(RoomEvent event) {
      return PlainCodec.encode(event);
    }
  },
  /** Subprotocol {@code chat.v1}: JSON, see docs/PROTOCOL.md. */
  V1 {
    @Override
    public OutboundMessage encode(RoomEvent event) {
      return V1Codec.encode(event);
    }
  };

  /** The WebSocket subprotocol name of chat.v1. */
  public static final String V1_NAME = "chat.v1";

  /** The bytes of {@code event} in this protocol, or {@code null} when it has none for it. */
  public abstract OutboundMessage encode(RoomEvent event);
}
