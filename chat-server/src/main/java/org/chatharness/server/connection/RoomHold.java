package org.chatharness.server.connection;

import java.util.concurrent.CompletionStage;
import org.chatharness.server.broker.Broker;
import org.chatharness.server.room.Room;
import org.chatharness.server.room.RoomRegistry;

/**
 * A claim on a room from before a client joins it until after it leaves: the registry keeps the
 * room (it is not forgotten to make space for another), and the broker keeps it current (with a
 * shared broker, this node reads the room's stream). Released once, however often asked.
 *
 * <p>Every connection in a room keeps one, so it keeps only what release needs: the registry and
 * the broker are the caller's.
 */
final class RoomHold {
  private final Room room;
  private final CompletionStage<Void> entered;
  private boolean released;

  private RoomHold(Room room, CompletionStage<Void> entered) {
    this.room = room;
    this.entered = entered;
  }

  /** Holds the named room and asks the broker to make it current. */
  static RoomHold take(RoomRegistry rooms, Broker broker, String name) {
    Room room = rooms.hold(name);
    return new RoomHold(room, broker.enter(name));
  }

  /**
   * The room once it is current: at once with the local broker (a completed stage, so what is
   * chained to it runs before this returns), or once a shared broker has fetched its history;
   * exceptionally when it cannot be reached.
   */
  CompletionStage<Room> ready() {
    return entered.thenApply(current -> room);
  }

  void release(RoomRegistry rooms, Broker broker) {
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
