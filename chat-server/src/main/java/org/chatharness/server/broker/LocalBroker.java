package org.chatharness.server.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.room.Delivered;
import org.chatharness.server.room.HistoryBudget;
import org.chatharness.server.room.RoomFeed;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The broker of a single node, in memory: a sequencer. It gives each message its room's next id,
 * answers a re-sent client id with the id it got the first time, and delivers the numbered message
 * to the room through the {@link RoomFeed}: what the Redis broker does with publish.lua and its
 * stream reader, without leaving the process.
 *
 * <p>A room's {@link Sequence} is made when a connection holding the room first enters it, and
 * seeds the room with its first id, so that the room's ids are the sequence's whatever the clock
 * did meanwhile; it lives as long as the room does ({@link #forget}).
 */
public final class LocalBroker extends AbstractLifeCycle implements Broker {
  private final RoomFeed rooms;
  private final HistoryBudget budget;
  private final ConcurrentMap<String, Sequence> sequences = new ConcurrentHashMap<>();

  /**
   * @param budget counts the client ids kept, with the rooms' history
   */
  public LocalBroker(RoomFeed rooms, HistoryBudget budget) {
    this.rooms = rooms;
    this.budget = budget;
  }

  @Override
  public CompletionStage<Published> publish(String room, String from, String text, ClientId cid) {
    Sequence sequence = sequence(room);
    long id;
    Delivered delivered;
    synchronized (sequence) {
      Long earlier = sequence.earlier(cid);
      if (earlier != null) {
        return CompletableFuture.completedFuture(new Published(earlier, true));
      }
      long now = System.currentTimeMillis();
      id = sequence.next(now, cid);
      delivered =
          rooms.deliver(
              room, new ChatMessage(id, now, from, text, cid == null ? null : cid.value()));
    }
    delivered.flush();
    return CompletableFuture.completedFuture(new Published(id, false));
  }

  /** The room is current at once: its sequence is made (and the room seeded) if it was not. */
  @Override
  public CompletionStage<Void> enter(String room) {
    Sequence sequence = sequence(room);
    synchronized (sequence) {
      // A sequence is seeded under its lock before anyone can take it: the room is current now.
    }
    return CURRENT;
  }

  @Override
  public void forget(String room) {
    Sequence forgotten = sequences.remove(room);
    if (forgotten != null) {
      budget.untrack(forgotten);
      forgotten.forget();
    }
  }

  /**
   * The room's sequence, made if it has none. A new one is put in the map and seeded under its own
   * lock, so whoever takes it (to number, or to enter) waits until the room starts where the
   * numbering does, whatever the clock said when the room was made; no lock of the map is held
   * meanwhile.
   */
  private Sequence sequence(String room) {
    Sequence existing = sequences.get(room);
    if (existing != null) {
      return existing;
    }
    Sequence made = new Sequence(System.currentTimeMillis(), budget);
    synchronized (made) {
      Sequence raced = sequences.putIfAbsent(room, made);
      if (raced != null) {
        return raced;
      }
      budget.track(made);
      rooms.seed(room, List.of(), made.lastId(), made.lastId(), Map.of());
    }
    return made;
  }
}
