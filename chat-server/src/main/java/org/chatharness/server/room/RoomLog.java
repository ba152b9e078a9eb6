package org.chatharness.server.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.codec.ChatMessage;

/**
 * A room's messages in the one order every member receives them: the id of the newest, the newest
 * {@code limit} kept for joins and resumes, and the newest id it no longer holds, before which a
 * resume has a gap. It keeps what its broker numbered ({@link #append}), never numbers itself.
 *
 * <p>A new room's ids start after the clock's millisecond times 1000, so that ids keep increasing
 * across server restarts and a client resuming with an id from before a restart is told it may have
 * missed messages instead of skipping new ones.
 *
 * <p>What it keeps counts against the {@link HistoryBudget}. Not thread-safe: its room's lock
 * guards it.
 */
final class RoomLog {
  /** What a join gets: messages oldest first, and whether some before them are missing. */
  record Replay(List<ChatMessage> messages, boolean gap) {}

  private final int limit;
  private final ArrayDeque<ChatMessage> history;
  private final HistoryBudget budget;
  private long lastId;

  /** The newest id no longer (or never) held in history: a resume from before it has a gap. */
  private long floorId;

  /** What history takes, by the estimate, as counted in the budget. */
  private long retainedBytes;

  /** Whether history was given up to the budget: a join without {@code since} is told of a gap. */
  private boolean givenUp;

  /** Forgotten by its node: it keeps nothing more. */
  private boolean forgotten;

  RoomLog(int limit, long nowMillis, HistoryBudget budget) {
    this.limit = limit;
    this.budget = budget;
    this.history = new ArrayDeque<>(Math.min(limit, 1024));
    this.lastId = nowMillis * 1000 - 1;
    this.floorId = lastId;
  }

  /** The id of the newest message. */
  long lastId() {
    return lastId;
  }

  /** Messages kept at most. */
  int limit() {
    return limit;
  }

  /**
   * Keeps a message newer than the last one; returns {@code false}, keeping nothing, for one that
   * is not, so that a broker may deliver again after a failure without anyone seeing it twice.
   */
  boolean append(ChatMessage message) {
    if (message.id() <= lastId) {
      return false;
    }
    lastId = message.id();
    if (limit == 0 || forgotten) {
      floorId = message.id();
      return true;
    }
    if (history.size() == limit) {
      dropOldest();
    }
    history.addLast(message);
    retain(RetainedSize.of(message));
    return true;
  }

  /**
   * What a join gets: without {@code since}, all that is kept (a gap if some was given up to the
   * budget); with it, what came after it (a gap if it is older than what is kept).
   */
  Replay replay(Long since) {
    if (since == null) {
      return new Replay(new ArrayList<>(history), givenUp && history.size() < limit);
    }
    List<ChatMessage> after = new ArrayList<>();
    for (ChatMessage m : history) {
      if (m.id() > since) {
        after.add(m);
      }
    }
    return new Replay(after, since < floorId);
  }

  /**
   * Replaces what is kept with the broker's copy.
   *
   * @param recent the newest messages, oldest first
   * @param floor the newest id that is not in {@code recent}
   * @param last the id of the newest message, or the id before the room's first
   */
  void seed(List<ChatMessage> recent, long floor, long last) {
    for (ChatMessage dropped : history) {
      retain(-RetainedSize.of(dropped));
    }
    history.clear();
    int skip = Math.max(0, recent.size() - limit);
    floorId = skip == 0 ? floor : recent.get(skip - 1).id();
    for (ChatMessage message : recent.subList(skip, recent.size())) {
      history.addLast(message);
      retain(RetainedSize.of(message));
    }
    lastId = last;
  }

  /** The broker lost messages up to {@code newestMissing}: a resume from before them has a gap. */
  void missed(long newestMissing) {
    floorId = Math.max(floorId, newestMissing);
    lastId = Math.max(lastId, newestMissing);
  }

  /** Gives up the oldest history until {@code wanted} bytes are freed or none is left. */
  void giveUp(long wanted) {
    long freed = 0;
    while (!history.isEmpty() && freed < wanted) {
      long before = retainedBytes;
      dropOldest();
      freed += before - retainedBytes;
      givenUp = true;
    }
  }

  /** Drops what is kept from the budget, and keeps nothing more. */
  void forget() {
    retain(-retainedBytes);
    forgotten = true;
    history.clear();
  }

  private void dropOldest() {
    ChatMessage oldest = history.pollFirst();
    floorId = oldest.id();
    retain(-RetainedSize.of(oldest));
  }

  private void retain(long delta) {
    if (forgotten) {
      return;
    }
    retainedBytes += delta;
    budget.add(delta);
  }
}
