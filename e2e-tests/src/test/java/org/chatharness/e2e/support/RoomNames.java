package org.chatharness.e2e.support;

import java.util.UUID;

/**
 * Room names for tests that share one server: a room of its own per test keeps one test's history
 * and online list out of another's.
 */
public final class RoomNames {
  private RoomNames() {}

  /** {@code prefix} plus a random suffix, e.g. {@code history-3f2a9c1e}: a valid, unused room. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
