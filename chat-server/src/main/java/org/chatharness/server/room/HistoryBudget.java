package org.chatharness.server.room;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes this node keeps of its rooms' past, wherever kept ({@code --history-budget}): the
 * rooms' history, and the client ids that the in-memory broker keeps to suppress re-sent messages.
 * Each keeper adds what it keeps and subtracts what it drops; when the total passes the budget, the
 * least recently active keepers give theirs up first, oldest first, until the total is a tenth
 * under the budget (so that trimming is not needed again at the very next message).
 *
 * <p>Sizes are estimates of the heap a message or client id takes ({@link RetainedSize}). The total
 * can pass the budget for a moment, by what is being published while a trim runs.
 */
public final class HistoryBudget {
  /** Trimming stops this share of the budget below it: a tenth. */
  private static final int LOW_WATER_DIVISOR = 10;

  /** Something that keeps bytes of a room's past, counted in this budget, and can give them up. */
  public interface Keeper {
    /** When its room last had a message: the least recently active give up theirs first. */
    long lastActiveMillis();

    /** Gives up its oldest until {@code wanted} bytes are freed or nothing is left. */
    void giveUp(long wanted);
  }

  private final long limitBytes;
  private final Set<Keeper> keepers = ConcurrentHashMap.newKeySet();
  private final AtomicLong used = new AtomicLong();
  private final AtomicBoolean trimming = new AtomicBoolean();

  public HistoryBudget(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** {@code keeper} counts its bytes here from now on, and gives them up when asked. */
  public void track(Keeper keeper) {
    keepers.add(keeper);
  }

  /** {@code keeper} is gone; it has taken what it kept out of the count itself. */
  public void untrack(Keeper keeper) {
    keepers.remove(keeper);
  }

  /** A keeper now keeps {@code delta} bytes more (or fewer, when negative). */
  public void add(long delta) {
    used.addAndGet(delta);
  }

  /**
   * If the keepers keep more than the budget, makes the least recently active ones give up their
   * oldest until they keep a tenth less. Called without any room's lock held; one caller trims at a
   * time, the others go on.
   */
  public void enforce() {
    if (used.get() <= limitBytes || !trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      long target = limitBytes - limitBytes / LOW_WATER_DIVISOR;
      List<Keeper> leastActiveFirst = new ArrayList<>(keepers);
      leastActiveFirst.sort(Comparator.comparingLong(Keeper::lastActiveMillis));
      for (Keeper keeper : leastActiveFirst) {
        long excess = used.get() - target;
        if (excess <= 0) {
          return;
        }
        keeper.giveUp(excess);
      }
    } finally {
      trimming.set(false);
    }
  }

  /** Bytes kept now, by the estimate. */
  public long usedBytes() {
    return used.get();
  }

  /** The budget, in bytes. */
  public long limitBytes() {
    return limitBytes;
  }
}
