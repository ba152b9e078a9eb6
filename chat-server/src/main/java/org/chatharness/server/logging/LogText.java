package org.chatharness.server.logging;

/**
 * Text a client chose (a close reason, an {@code Origin} header), made safe to put in a log line:
 * it cannot end the line and start one of its own, or move a terminal's cursor.
 *
 * <p>Control characters (C0, DEL and C1, where NEL ends a line for some readers), the Unicode line
 * and paragraph separators, and the bidirectional overrides that reorder what a reader sees are
 * written as {@code \n} or {@code \\uXXXX}; a backslash is doubled so an escape cannot be faked.
 * Longer text is cut at {@link #MAX_CHARS} characters, marked with an ellipsis.
 */
public final class LogText {
  /** The most characters of client text one log field keeps. */
  public static final int MAX_CHARS = 200;

  private LogText() {}

  /** {@code text} escaped and cut for a log line; {@code null} stays {@code null}. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int length = Math.min(text.length(), MAX_CHARS);
    StringBuilder safe = null;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      String escaped = escaped(c);
      if (escaped != null && safe == null) {
        safe = new StringBuilder(length + 16).append(text, 0, i);
      }
      if (safe != null) {
        safe.append(escaped != null ? escaped : String.valueOf(c));
      }
    }
    String result = safe == null ? text.substring(0, length) : safe.toString();
    return text.length() > MAX_CHARS ? result + "…" : result;
  }

  private static String escaped(char c) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> needsEscape(c) ? String.format("\\u%04x", (int) c) : null;
    };
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
