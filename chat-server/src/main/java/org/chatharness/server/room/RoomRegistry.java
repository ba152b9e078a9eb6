package org.chatharness.server.room;

import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.timer.Timer;

/**
 * The rooms of this node. A room is created on first use and kept, with its history, after its
 * members leave; when more than {@code maxRooms} exist, the least recently active room that no one
 * {@link #hold holds} is forgotten.
 *
 * <p>A connection holds its room from before it joins until after it leaves, so a room is never
 * forgotten between a client's choosing it and its joining, and never while anyone is in it: the
 * hold and the eviction of one name are serialised by the map.
 */
public final class RoomRegistry {
  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final int historyLimit;
  private final int maxRooms;
  private final ChatMetrics metrics;
  private final Timer timer;
  private final HistoryBudget historyBudget;

  /**
   * @param historyLimit messages each room keeps at most
   * @param historyBudgetBytes bytes all rooms together keep for history and client ids
   * @param timer runs the rooms' delayed work (presence batches in large rooms)
   */
  public RoomRegistry(
      int historyLimit, long historyBudgetBytes, int maxRooms, ChatMetrics metrics, Timer timer) {
    this.historyLimit = historyLimit;
    this.maxRooms = maxRooms;
    this.metrics = metrics;
    this.timer = timer;
    this.historyBudget = new HistoryBudget(historyBudgetBytes, rooms::values);
  }

  /**
   * The named room, created if needed, held until {@link #release}: it is not forgotten meanwhile.
   */
  public Room hold(String name) {
    boolean[] created = {false};
    Room room =
        rooms.compute(
            name,
            (key, existing) -> {
              Room held = existing;
              if (held == null) {
                held = newRoom(key);
                created[0] = true;
              }
              held.holds++;
              return held;
            });
    if (created[0] && rooms.size() > maxRooms) {
      evictIdleRoom(room);
    }
    return room;
  }

  /** Ends one {@link #hold} of the room. */
  public void release(Room room) {
    rooms.computeIfPresent(
        room.name(),
        (key, existing) -> {
          room.holds--;
          return existing;
        });
  }

  /**
   * The named room, created if needed, without holding it: for work on a room that someone already
   * holds (delivering, publishing for a member).
   */
  public Room obtain(String name) {
    Room existing = rooms.get(name);
    if (existing != null) {
      return existing;
    }
    Room room = rooms.computeIfAbsent(name, this::newRoom);
    if (rooms.size() > maxRooms) {
      evictIdleRoom(room);
    }
    return room;
  }

  private Room newRoom(String name) {
    return new Room(name, historyLimit, System.currentTimeMillis(), metrics, timer, historyBudget);
  }

  /** Whether a connection to the named room can be accepted without exceeding the room limit. */
  public boolean canHost(String name) {
    return rooms.size() < maxRooms
        || rooms.containsKey(name)
        || rooms.values().stream().anyMatch(room -> room.holds == 0);
  }

  private void evictIdleRoom(Room keep) {
    rooms.values().stream()
        .filter(room -> room != keep && room.holds == 0)
        .min(Comparator.comparingLong(Room::lastActiveMillis))
        .ifPresent(this::evict);
  }

  private void evict(Room idle) {
    boolean[] evicted = {false};
    // Checked again under the map's lock of that name, which every hold takes too.
    rooms.computeIfPresent(
        idle.name(),
        (name, room) -> {
          evicted[0] = room == idle && room.holds == 0;
          return evicted[0] ? null : room;
        });
    if (evicted[0]) {
      idle.forget();
    }
  }

  /** The named room if it exists here. */
  public Optional<Room> find(String name) {
    return Optional.ofNullable(rooms.get(name));
  }

  /** Number of rooms held. */
  public int size() {
    return rooms.size();
  }

  /** Bytes the rooms keep for history and client ids, by the estimate the budget counts. */
  public long historyBytes() {
    return historyBudget.usedBytes();
  }

  /** The most bytes the rooms keep for history and client ids ({@code --history-budget}). */
  public long historyBudgetBytes() {
    return historyBudget.limitBytes();
  }
}
