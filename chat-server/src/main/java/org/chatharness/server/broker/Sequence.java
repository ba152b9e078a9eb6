package org.chatharness.server.broker;

import org.chatharness.server.room.HistoryBudget;

/**
 * One room's numbering in the in-memory broker: the id of its newest message, and the client ids
 * recently seen, each with the id its message got. The broker numbers a message and delivers it
 * under this object's lock, so that ids reach the room in the order given.
 *
 * <p>A room's first id is the clock's millisecond times 1000, as a new room log's; its client ids
 * count against the {@link HistoryBudget}, and give way to it like history.
 */
final class Sequence implements HistoryBudget.Keeper {
  private final ClientIdWindow recent = new ClientIdWindow();
  private final HistoryBudget budget;
  private long lastId;
  private volatile long lastActiveMillis;
  private boolean forgotten;

  Sequence(long nowMillis, HistoryBudget budget) {
    this.budget = budget;
    this.lastId = nowMillis * 1000 - 1;
    this.lastActiveMillis = nowMillis;
  }

  /** Under the lock: the id of the newest message, or the one before the room's first. */
  long lastId() {
    return lastId;
  }

  /** Under the lock: the id an earlier message with this client id got, or {@code null}. */
  Long earlier(ClientId cid) {
    return cid == null ? null : recent.get(key(cid));
  }

  /** Under the lock: the next id, for a message sent at {@code nowMillis} with {@code cid}. */
  long next(long nowMillis, ClientId cid) {
    lastActiveMillis = nowMillis;
    long id = ++lastId;
    if (cid != null && !forgotten) {
      budget.add(recent.put(key(cid), id));
    }
    return id;
  }

  /** A client id is its sender's own: another sender using the same one is not a duplicate. */
  private static String key(ClientId cid) {
    return cid.sender() + '\u0000' + cid.value();
  }

  @Override
  public long lastActiveMillis() {
    return lastActiveMillis;
  }

  /** For the budget: forgets the oldest client ids. */
  @Override
  public synchronized void giveUp(long wanted) {
    budget.add(-recent.giveUp(wanted));
  }

  /** The room is forgotten: its client ids leave the budget. */
  synchronized void forget() {
    forgotten = true;
    budget.add(-recent.giveUp(Long.MAX_VALUE));
  }
}
