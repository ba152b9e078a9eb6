package org.chatharness.server.room;

import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.chatharness.server.metrics.ChatMetrics;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The rooms of this node. A room is created on first use and kept, with its history, after its
 * members leave; when more than {@code maxRooms} exist, the room with no members that was least
 * recently active is forgotten.
 */
public final class RoomRegistry {
  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final int historyLimit;
  private final int maxRooms;
  private final ChatMetrics metrics;
  private final Scheduler scheduler;

  /**
   * @param scheduler runs the rooms' delayed work (presence batches in large rooms)
   */
  public RoomRegistry(int historyLimit, int maxRooms, ChatMetrics metrics, Scheduler scheduler) {
    this.historyLimit = historyLimit;
    this.maxRooms = maxRooms;
    this.metrics = metrics;
    this.scheduler = scheduler;
  }

  /** The named room, created if needed. */
  public Room obtain(String name) {
    Room existing = rooms.get(name);
    if (existing != null) {
      return existing;
    }
    Room room =
        rooms.computeIfAbsent(
            name,
            key -> new Room(key, historyLimit, System.currentTimeMillis(), metrics, scheduler));
    if (rooms.size() > maxRooms) {
      evictIdleRoom(room);
    }
    return room;
  }

  /** Whether a connection to the named room can be accepted without exceeding the room limit. */
  public boolean canHost(String name) {
    return rooms.size() < maxRooms
        || rooms.containsKey(name)
        || rooms.values().stream().anyMatch(Room::isEmpty);
  }

  private void evictIdleRoom(Room keep) {
    rooms.values().stream()
        .filter(room -> room != keep && room.isEmpty())
        .min(Comparator.comparingLong(Room::lastActiveMillis))
        .ifPresent(idle -> rooms.remove(idle.name(), idle));
  }

  /** The named room if it exists here. */
  public Optional<Room> find(String name) {
    return Optional.ofNullable(rooms.get(name));
  }

  /** Number of rooms held. */
  public int size() {
    return rooms.size();
  }
}
