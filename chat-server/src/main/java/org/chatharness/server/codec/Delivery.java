package org.chatharness.server.codec;

import org.chatharness.server.outbound.OutboundMessage;

/**
 * An event on its way to a room's members, encoded at most once per protocol: the first plain
 * recipient pays for the plain bytes, the first v1 recipient for the JSON, everyone else shares
 * them. A protocol with no bytes for the event (plain clients hear of no presence) is asked once.
 *
 * <p>Used by one fan-out at a time (under the room's lock), so it needs no synchronisation.
 */
public final class Delivery {
  private final RoomEvent event;
  private OutboundMessage plain;
  private OutboundMessage v1;
  private boolean plainEncoded;
  private boolean v1Encoded;

  public Delivery(RoomEvent event) {
    this.event = event;
  }

  /** The event's bytes for a recipient speaking {@code protocol}; {@code null} for none. */
  public OutboundMessage encodedFor(Protocol protocol) {
    if (protocol == Protocol.PLAIN) {
      if (!plainEncoded) {
        plain = Protocol.PLAIN.encode(event);
        plainEncoded = true;
      }
      return plain;
    }
    if (!v1Encoded) {
      v1 = Protocol.V1.encode(event);
      v1Encoded = true;
    }
    return v1;
  }
}
