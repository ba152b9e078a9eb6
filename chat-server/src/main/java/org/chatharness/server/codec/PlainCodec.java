package org.chatharness.server.codec;

import org.chatharness.server.outbound.OutboundMessage;

/** The tutorial's protocol: a message is its text, sent on exactly as it came; nothing else. */
public final class PlainCodec {
  private PlainCodec() {}

  /** Encodes a message for plain clients, once for all of them. */
  public static OutboundMessage encode(String text) {
    return OutboundMessage.ofText(text);
  }

  /** A room message as its text; {@code null} for every other event, which plain clients skip. */
  static OutboundMessage encode(RoomEvent event) {
    return event instanceof ChatMessage message ? encode(message.text()) : null;
  }
}
