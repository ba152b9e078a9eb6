package org.chatharness.server.room;

import org.chatharness.server.codec.ChatMessage;

/**
 * Estimates of the heap a room keeps per history message and per remembered client id, for the
 * {@link HistoryBudget}: the objects on a 64-bit JVM with compressed references, strings with one
 * byte a character when they are Latin-1 (compact strings) and two otherwise.
 */
public final class RetainedSize {
  /** A ChatMessage (header, two longs, three references) and its slot in the history deque. */
  private static final int MESSAGE_OBJECTS = 48;

  /** A String object and its array's header. */
  private static final int STRING_OBJECTS = 40;

  /** A LinkedHashMap entry, its table slot and the boxed Long id. */
  private static final int CLIENT_ID_ENTRY = 64;

  private static final char LATIN_1_END = 256;

  private RetainedSize() {}

  /** A message kept in history. */
  public static long of(ChatMessage message) {
    return MESSAGE_OBJECTS + of(message.text()) + of(message.from()) + of(message.cid());
  }

  /** A remembered client id, keyed by {@code key}. */
  public static long ofClientId(String key) {
    return CLIENT_ID_ENTRY + of(key);
  }

  private static long of(String text) {
    if (text == null) {
      return 0;
    }
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= LATIN_1_END) {
        return STRING_OBJECTS + 2L * length;
      }
    }
    return STRING_OBJECTS + length;
  }
}
