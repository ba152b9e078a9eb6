package org.chatharness.server.room;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.timer.Timer;

/**
 * The rooms of this node, and the {@link RoomFeed} its broker delivers to. A room is created on
 * first use and kept, with its history, after its members leave; when more than {@code maxRooms}
 * exist, the least recently active room that no one {@link #hold holds} is forgotten.
 *
 * <p>A connection holds its room from before it joins until after it leaves, so a room is never
 * forgotten between a client's choosing it and its joining, and never while anyone is in it: the
 * hold and the eviction of one name are serialised by the map.
 */
public final class RoomRegistry implements RoomFeed {
  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final int historyLimit;
  private final int maxRooms;
  private final ChatMetrics metrics;
  private final Timer timer;
  private final HistoryBudget budget;
  private final Consumer<String> forgotten;

  /**
   * @param historyLimit messages each room keeps at most
   * @param budget what all rooms together keep for history, with what else keeps a room's past
   * @param timer runs the rooms' delayed work (presence batches in large rooms)
   * @param forgotten told the name of each room forgotten, in the same step (the broker drops what
   *     it keeps for the room before anyone can hold the name again)
   */
  public RoomRegistry(
      int historyLimit,
      HistoryBudget budget,
      int maxRooms,
      ChatMetrics metrics,
      Timer timer,
      Consumer<String> forgotten) {
    this.historyLimit = historyLimit;
    this.maxRooms = maxRooms;
    this.metrics = metrics;
    this.timer = timer;
    this.budget = budget;
    this.forgotten = forgotten;
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
   * The named room, created if needed, without holding it: for a broker delivering to a room that a
   * connection here holds (or held until a moment ago).
   */
  private Room obtain(String name) {
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
    Room room = new Room(name, historyLimit, System.currentTimeMillis(), metrics, timer, budget);
    budget.track(room);
    return room;
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
          if (evicted[0]) {
            forgotten.accept(name);
          }
          return evicted[0] ? null : room;
        });
    if (evicted[0]) {
      budget.untrack(idle);
      idle.forget();
    }
  }

  /** The named room if it exists here. */
  Optional<Room> find(String name) {
    return Optional.ofNullable(rooms.get(name));
  }

  /** Number of rooms held. */
  public int size() {
    return rooms.size();
  }

  @Override
  public Delivered deliver(String room, ChatMessage message) {
    return obtain(room).deliver(message);
  }

  @Override
  public void seed(
      String room,
      List<ChatMessage> recent,
      long floor,
      long last,
      Map<String, Set<String>> elsewhere) {
    // A broker seeds a room a connection holds, so it exists; finding it takes no lock of the map.
    find(room).ifPresent(found -> found.seed(recent, floor, last, elsewhere));
  }

  @Override
  public void missed(String room, long newestMissing) {
    find(room).ifPresent(found -> found.missed(newestMissing));
  }

  @Override
  public void remotePresence(String room, boolean joined, String name, String node) {
    find(room).ifPresent(found -> found.remotePresence(joined, name, node));
  }

  @Override
  public void remoteHolders(String room, Map<String, Set<String>> others) {
    find(room).ifPresent(found -> found.remoteHolders(others));
  }
}
