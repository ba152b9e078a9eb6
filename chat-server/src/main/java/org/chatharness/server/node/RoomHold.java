package org.chatharness.server.node;

import java.util.concurrent.CompletionStage;
import org.chatharness.server.room.Room;

/**
 * A connection's claim on its room from before it joins until after it leaves: the registry keeps
 * the room (it is not forgotten to make space for another), and the broker keeps it current (with a
 * shared broker, this node reads the room's stream). {@link ChatNode#release} ends it once, leaving
 * the room first if the connection joined it.
 *
 * <p>Every connection in a room has one, so it keeps only the room, the broker's answer and a
 * state; the node's operations on a hold take its lock, so that a join and a release never cross.
 */
public final class RoomHold {
  /** Held; not (or not yet) a member. */
  static final int HELD = 0;

  /** A member: a plain one, or a chat.v1 one joining under a name the broker holds for it. */
  static final int JOINED = 1;

  /** Released: it is not and never will be a member, and the room may go. */
  static final int RELEASED = 2;

  final Room room;
  private final CompletionStage<Void> entered;
  // Written under this object's lock; read without it to tell whether the connection may send.
  volatile int state = HELD;

  RoomHold(Room room, CompletionStage<Void> entered) {
    this.room = room;
    this.entered = entered;
  }

  /**
   * Completes once the room is current: at once with the in-memory broker (a completed stage, so
   * what is chained to it runs before this returns), or once a shared broker has fetched its
   * history; exceptionally when it cannot be reached.
   */
  public CompletionStage<Void> ready() {
    return entered;
  }

  /** Whether the connection is a member of the room (it may send). */
  public boolean isJoined() {
    return state == JOINED;
  }
}
