package org.chatharness.server.room;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatharness.server.codec.ChatMessage;

/**
 * What a broker feeds this node's rooms, the same way whichever broker it is: numbered messages to
 * deliver, a room's past to start from, messages it lost, and who is online on other nodes.
 *
 * <p>The in-memory broker delivers each message as it numbers it; the Redis broker's stream reader
 * delivers what it reads. Either way {@link #deliver} only queues, in the order of the calls, and
 * the caller starts the writes once its own ordering no longer needs holding:
 *
 * <pre>{@code
 * Delivered delivered;
 * synchronized (sequence) {
 *   delivered = rooms.deliver("lobby", new ChatMessage(sequence.next(), now, null, "hi", null));
 * }
 * delivered.flush();
 * }</pre>
 */
public interface RoomFeed {

  /**
   * Appends a numbered message to the room's log and queues it for every member of the room here; a
   * message not newer than the room's last is ignored. Starts no write: call {@link
   * Delivered#flush} on the result.
   */
  Delivered deliver(String room, ChatMessage message);

  /**
   * Replaces the room's past with the broker's copy, before its first member here joins.
   *
   * @param recent the newest messages, oldest first
   * @param floor the newest id that is not in {@code recent} (a resume from before it has a gap)
   * @param last the id of the newest message, or the id before the room's first
   * @param elsewhere the names online on other nodes, each with the nodes holding it
   */
  void seed(
      String room,
      List<ChatMessage> recent,
      long floor,
      long last,
      Map<String, Set<String>> elsewhere);

  /**
   * Messages up to {@code newestMissing} are lost to this node (it fell behind what the broker
   * keeps): a resume from before them is told of the gap, and every member here is closed, so that
   * it resumes and learns what it missed.
   */
  void missed(String room, long newestMissing);

  /** Another node's first connection took {@code name} ({@code joined}), or its last let it go. */
  void remotePresence(String room, boolean joined, String name, String node);

  /**
   * A fresh reading of who holds which name on other nodes (changes may have been missed): every
   * name that came online or went offline meanwhile is announced.
   */
  void remoteHolders(String room, Map<String, Set<String>> others);
}
