package org.chatharness.server.codec;

import org.chatharness.server.outbound.OutboundMessage;

/**
 * A message on its way to a room's members, encoded at most once per protocol: the first plain
 * recipient pays for the plain bytes, the first v1 recipient for the JSON, everyone else shares.
 *
 * <p>Used by one fan-out at a time (under the room's lock), so it needs no synchronisation.
 */
public final class Delivery {
  private final ChatMessage message;
  private OutboundMessage plain;
  private OutboundMessage v1;

  public Delivery(ChatMessage message) {
    this.message = message;
  }

  public ChatMessage message() {
    return message;
  }

  /** The message's bytes for a recipient speaking {@code protocol}. */
  public OutboundMessage encodedFor(Protocol protocol) {
    if (protocol == Protocol.PLAIN) {
      if (plain == null) {
        plain = PlainCodec.encode(message.text());
      }
      return plain;
    }
    if (v1 == null) {
      v1 = V1Codec.message(message);
    }
    return v1;
  }
}
