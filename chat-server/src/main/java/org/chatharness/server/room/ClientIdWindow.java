package org.chatharness.server.room;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client ids a room remembers, each with the id its message got, to acknowledge a re-sent
 * message as a duplicate instead of broadcasting it twice. At most {@link #MAX_IDS} of them, the
 * oldest forgotten first; their bytes count against the {@link HistoryBudget} through the room.
 * Used under the room's lock.
 */
final class ClientIdWindow {
  /** Client ids remembered per room at most. */
  static final int MAX_IDS = 10_000;

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
