package org.chatharness.server.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bytes all rooms together keep for history and for the client ids that suppress re-sent
 * messages ({@code --history-budget}). Each room adds what it keeps and subtracts what it drops;
 * when the total passes the budget, the least recently active rooms give theirs up first, oldest
 * first, until the total is a tenth under the budget (so that trimming is not needed again at the
 * very next message).
 *
 * <p>Sizes are estimates of the heap a message or client id takes ({@link RetainedSize}). The total
 * can pass the budget for a moment, by what is being published while a trim runs.
 */
final class HistoryBudget {
  /** Trimming stops this share of the budget below it: a tenth. */
  private static final int LOW_WATER_DIVISOR = 10;

  private final long limitBytes;
  private final Supplier<Collection<Room>> rooms;
  private final AtomicLong used = new AtomicLong();
  private final AtomicBoolean trimming = new AtomicBoolean();

  /**
   * @param rooms every room held, to choose whose history to give up
   */
  HistoryBudget(long limitBytes, Supplier<Collection<Room>> rooms) {
    this.limitBytes = limitBytes;
    this.rooms = rooms;
  }

  /** A room now keeps {@code delta} bytes more (or fewer, when negative). */
  void add(long delta) {
    used.addAndGet(delta);
  }

  /**
   * If the rooms keep more than the budget, makes the least recently active ones give up history
   * and client ids until they keep a tenth less. Called without any room's lock held; one caller
   * trims at a time, the others go on.
   */
  void enforce() {
    if (used.get() <= limitBytes || !trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      long target = limitBytes - limitBytes / LOW_WATER_DIVISOR;
      List<Room> leastActiveFirst = new ArrayList<>(rooms.get());
      leastActiveFirst.sort(Comparator.comparingLong(Room::lastActiveMillis));
      for (Room room : leastActiveFirst) {
        long excess = used.get() - target;
        if (excess <= 0) {
          return;
        }
        room.giveUp(excess);
      }
    } finally {
      trimming.set(false);
    }
  }

  /** Bytes kept by all rooms now, by the estimate. */
  long usedBytes() {
    return used.get();
  }

  long limitBytes() {
    return limitBytes;
  }
}
