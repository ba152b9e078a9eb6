package org.chatharness.server.config;

/** The one check every configuration record makes: a value that breaks a rule stops the start. */
final class Require {
  private Require() {}

  /** Throws with {@code message}, which names the setting, unless {@code condition} holds. */
  static void that(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
