package org.chatharness.server.room;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The rooms that have members on this node, created on first join and dropped when empty. */
public final class RoomRegistry {
  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();

  /** Adds a member to the named room, creating the room if needed. */
  public Room join(String name, Member member) {
    return rooms.compute(
        name,
        (key, room) -> {
          Room joined = room != null ? room : new Room(key);
          joined.add(member);
          return joined;
        });
  }

  /** Removes a member; the room goes away with its last member. */
  public void leave(Room room, Member member) {
    rooms.computeIfPresent(
        room.name(),
        (key, current) -> {
          current.remove(member);
          return current.isEmpty() ? null : current;
        });
  }

  /** The named room if it has members here. */
  public Optional<Room> find(String name) {
    return Optional.ofNullable(rooms.get(name));
  }

  /** Number of rooms with members here. */
  public int size() {
    return rooms.size();
  }
}
