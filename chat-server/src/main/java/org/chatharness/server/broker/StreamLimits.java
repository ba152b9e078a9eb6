package org.chatharness.server.broker;

import java.time.Duration;

/**
 * What Redis keeps of the rooms, so that its memory has a ceiling (docs/RELIABILITY.md): each
 * room's stream holds at most {@code length} messages (approximately: Redis trims whole nodes of
 * the stream), a room with no new message for {@code idleTtl} loses its keys, and at most {@code
 * maxRooms} rooms have keys at all, the least recently active losing theirs first.
 *
 * @param length messages per stream; at least the node's history size plus one
 * @param idleTtl how long a room's stream and client ids outlive its last message
 * @param maxRooms rooms whose stream and client ids are kept
 */
public record StreamLimits(int length, Duration idleTtl, int maxRooms) {
  /** Client ids remembered per room for duplicate suppression, as by the in-memory broker. */
  public static final int CLIENT_IDS_PER_ROOM = 10_000;

  /** The limits for a node keeping {@code historySize} messages of each room itself. */
  public StreamLimits forHistory(int historySize) {
    return new StreamLimits(Math.max(length, historySize + 1), idleTtl, maxRooms);
  }
}
