package org.chatharness.server.broker;

import org.chatharness.server.codec.PlainCodec;
import org.chatharness.server.room.RoomRegistry;

/** The default broker: delivers straight to the room's members on this node; needs nothing else. */
public final class LocalBroker implements Broker {
  private final RoomRegistry rooms;

  public LocalBroker(RoomRegistry rooms) {
    this.rooms = rooms;
  }

  @Override
  public void publish(String room, String text) {
    rooms.find(room).ifPresent(target -> target.deliver(PlainCodec.encode(text)));
  }
}
