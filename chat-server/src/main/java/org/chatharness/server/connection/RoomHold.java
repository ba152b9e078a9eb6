package org.chatharness.server.connection;

import java.util.concurrent.CompletableFuture;
import org.chatharness.server.broker.Broker;
import org.chatharness.server.room.Room;
import org.chatharness.server.room.RoomRegistry;

/**
 * A claim on a room from before a client joins it until after it leaves: the registry keeps the
 * room (it is not forgotten to make space for another), and the broker keeps it current (with a
 * shared broker, this node reads the room's stream). Released once, however often asked.
 */
final class RoomHold {
  private final RoomRegistry rooms;
  private final Broker broker;
  private final Room room;
  private final CompletableFuture<Room> ready;
  private boolean released;

  private RoomHold(RoomRegistry rooms, Broker broker, Room room, CompletableFuture<Room> ready) {
    this.rooms = rooms;
    this.broker = broker;
    this.room = room;
    this.ready = ready;
  }

  /** Holds the named room and asks the broker to make it current. */
  static RoomHold take(RoomRegistry rooms, Broker broker, String name) {
    Room room = rooms.hold(name);
    CompletableFuture<Room> ready =
        broker.enter(name).toCompletableFuture().thenApply(current -> room);
    return new RoomHold(rooms, broker, room, ready);
  }

  /**
   * The room once it is current: at once with the local broker, or once a shared broker has fetched
   * its history; exceptionally when it cannot be reached.
   */
  CompletableFuture<Room> ready() {
    return ready;
  }

  void release() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    broker.exit(room.name());
    rooms.release(room);
  }
}
