package org.chatharness.server.codec;

import java.util.List;

/**
 * What a room tells its members, before it is encoded: each protocol has its own bytes for an event
 * ({@link Protocol#encode}), or none. A room builds events and never encodes them itself; a {@link
 * Delivery} encodes one at most once per protocol, however many members receive it.
 */
public sealed interface RoomEvent
    permits ChatMessage,
        RoomEvent.Presence,
        RoomEvent.PresenceChanges,
        RoomEvent.Welcome,
        RoomEvent.History {

  /**
   * A name came online ({@code join}) or went offline ({@code leave}) in a room small enough to
   * list who is online after it.
   */
  record Presence(String event, String name, List<String> online) implements RoomEvent {}

  /** The presence changes of a large room, gathered over a moment: who is online now, who not. */
  record PresenceChanges(List<String> joined, List<String> left) implements RoomEvent {}

  /** A chat.v1 join's first answer: the room, who is online, and where the live stream starts. */
  record Welcome(
      String room,
      String name,
      List<String> online,
      long lastId,
      int historyLimit,
      int maxMessageBytes)
      implements RoomEvent {}

  /**
   * What a join gets of the past: the newest of {@code messages} (oldest first) that fit in {@code
   * maxBytes} once encoded, and whether it missed some ({@code gap}, or some did not fit).
   */
  record History(List<ChatMessage> messages, boolean gap, long maxBytes) implements RoomEvent {}
}
