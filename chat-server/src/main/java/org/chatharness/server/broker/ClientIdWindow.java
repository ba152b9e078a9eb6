package org.chatharness.server.broker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chatharness.server.room.HistoryBudget;
import org.chatharness.server.room.RetainedSize;

/**
 * The client ids the in-memory broker remembers for a room, each with the id its message got, to
 * acknowledge a re-sent message as a duplicate instead of broadcasting it twice. At most {@link
 * #MAX_IDS} of them, the oldest forgotten first; their bytes count against the {@link
 * HistoryBudget} through the room's {@link Sequence}. Used under its lock.
 */
final class ClientIdWindow {
  /** Client ids remembered per room at most: as many as Redis keeps ({@link StreamLimits}). */
  static final int MAX_IDS = StreamLimits.CLIENT_IDS_PER_ROOM;

  private final Map<String, Long> ids = new LinkedHashMap<>();
  private long bytes;

  /** The id the message with this client id got, or {@code null}. */
  Long get(String key) {
    return ids.get(key);
  }

  /** Remembers a client id; returns how many bytes the window grew by (or shrank, if negative). */
  long put(String key, long id) {
    long before = bytes;
    if (ids.put(key, id) == null) {
      bytes += RetainedSize.ofClientId(key);
    }
    if (ids.size() > MAX_IDS) {
      forgetOldest();
    }
    return bytes - before;
  }

  /** Forgets the oldest ids until at least {@code wanted} bytes are freed or none is left. */
  long giveUp(long wanted) {
    long before = bytes;
    while (!ids.isEmpty() && before - bytes < wanted) {
      forgetOldest();
    }
    return before - bytes;
  }

  long bytes() {
    return bytes;
  }

  private void forgetOldest() {
    Iterator<Map.Entry<String, Long>> oldest = ids.entrySet().iterator();
    bytes -= RetainedSize.ofClientId(oldest.next().getKey());
    oldest.remove();
  }
}
