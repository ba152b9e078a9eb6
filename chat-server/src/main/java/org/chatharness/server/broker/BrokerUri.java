package org.chatharness.server.broker;

/**
 * A broker URI as it may be shown in logs, messages and {@code toString}: with its password (the
 * user-info part of {@code redis://user:password@host}) replaced by {@code ***}.
 */
public final class BrokerUri {
  private static final String HIDDEN = "***";

  private BrokerUri() {}

  /** {@code uri} without its password: {@code redis://:***@host:6379}; unchanged without one. */
  public static String redacted(String uri) {
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int at = uri.lastIndexOf('@');
    if (at < start) {
      return uri;
    }
    String userInfo = uri.substring(start, at);
    int colon = userInfo.indexOf(':');
    // "redis://secret@host" is a password alone, as Redis clients read it.
    String shown = colon < 0 ? HIDDEN : userInfo.substring(0, colon + 1) + HIDDEN;
    return uri.substring(0, start) + shown + uri.substring(at);
  }
}
