package org.chatharness.server.room;

/**
 * A message queued for every member of its room, whose writes are still to start: {@link #flush}
 * starts them, records the fan-out, and keeps the history budget, once the deliverer has let go of
 * whatever kept its messages in order.
 */
public final class Delivered {
  /** A delivery with nothing to write: the message was not newer than the room's last. */
  public static final Delivered NOTHING = new Delivered(null, 0, 0);

  private final Room room;
  private final int recipients;
  private final long startedNanos;

  Delivered(Room room, int recipients, long startedNanos) {
    this.room = room;
    this.recipients = recipients;
    this.startedNanos = startedNanos;
  }

  /** Starts the members' writes; call it without holding any lock. */
  public void flush() {
    if (room != null) {
      room.delivered(recipients, startedNanos);
    }
  }
}
