package org.chatharness.server.codec;

import org.chatharness.server.outbound.OutboundMessage;

/** The tutorial's protocol: a message is its text, sent on exactly as it came. */
public final class PlainCodec {
  private PlainCodec() {}

  /** Encodes a message for plain clients, once for all of them. */
  public static OutboundMessage encode(String text) {
    return OutboundMessage.ofText(text);
  }
}
