package org.chatharness.server.config;

import java.lang.management.ManagementFactory;

/**
 * What one client, one room and the whole server may take (docs/RELIABILITY.md has the worst case
 * of each).
 *
 * @param maxMessageBytes the largest text message a client may send; larger ones close it (1009)
 * @param outboundQueueBytes bytes that may wait to be sent to one client; past it, 1008
 * @param historySize messages each room keeps for chat.v1 joins and resumes
 * @param rateLimit messages per second one connection may send, on average
 * @param rateBurst messages one connection may send at once
 * @param maxRooms rooms held; the least recently active empty room is forgotten first
 * @param maxConnectionsPerAddress open WebSockets from one client address; 0 for no limit
 * @param maxConnections open WebSockets in all
 * @param historyBudgetBytes bytes all rooms together keep for history and client ids
 */
public record Limits(
    int maxMessageBytes,
    long outboundQueueBytes,
    int historySize,
    double rateLimit,
    int rateBurst,
    int maxRooms,
    int maxConnectionsPerAddress,
    int maxConnections,
    long historyBudgetBytes) {

  /** The open-file limit assumed where the system does not say (not a Unix). */
  static final long FALLBACK_OPEN_FILES = 10_000;

  /** Fewest connections the derived {@code maxConnections} allows, however low the file limit. */
  static final int MIN_DERIVED_CONNECTIONS = 64;

  /** File descriptors kept back from WebSockets, at least: /health, the page, Redis, the jar. */
  static final int MIN_RESERVED_FILES = 256;

  public Limits {
    Require.that(maxMessageBytes >= 1, "max message size must be positive");
    Require.that(
        outboundQueueBytes >= maxMessageBytes,
        "outbound queue limit ("
            + outboundQueueBytes
            + " bytes) must hold at least one message of the maximum size ("
            + maxMessageBytes
            + " bytes)");
    Require.that(historySize >= 0, "history size must not be negative");
    Require.that(rateLimit > 0, "rate limit must be positive");
    Require.that(rateBurst >= 1, "rate burst must be at least 1");
    Require.that(maxRooms >= 1, "max rooms must be at least 1");
    Require.that(
        maxConnectionsPerAddress >= 0,
        "max connections per address must not be negative (0: no limit)");
    Require.that(maxConnections >= 1, "max connections must be at least 1");
    Require.that(historyBudgetBytes >= 0, "history budget must not be negative");
  }

  /**
   * The documented defaults; the connection limit and the history budget are derived from this
   * process's open-file limit and heap ({@link #derivedMaxConnections}, {@link
   * #derivedHistoryBudget}).
   */
  public static Limits defaults() {
    return new Limits(
        64 * 1024,
        1024 * 1024,
        100,
        10,
        20,
        10_000,
        1000,
        derivedMaxConnections(openFileLimit()),
        derivedHistoryBudget(Runtime.getRuntime().maxMemory()));
  }

  /**
   * {@code --max-connections auto}: the open-file limit less a tenth of it (at least {@link
   * #MIN_RESERVED_FILES}), so that when WebSockets reach the limit there are still descriptors to
   * answer them 503 and to serve /health and the page; never below {@link
   * #MIN_DERIVED_CONNECTIONS}.
   */
  public static int derivedMaxConnections(long openFileLimit) {
    long reserved = Math.max(MIN_RESERVED_FILES, openFileLimit / 10);
    return (int)
        Math.min(Integer.MAX_VALUE, Math.max(MIN_DERIVED_CONNECTIONS, openFileLimit - reserved));
  }

  /**
   * {@code --history-budget auto}: a quarter of the maximum heap, which leaves the rest for the
   * connections and their queues (docs/RELIABILITY.md has the whole formula).
   */
  public static long derivedHistoryBudget(long maxHeapBytes) {
    return maxHeapBytes / 4;
  }

  /** The process's open-file limit ({@code ulimit -n}), or a fallback where there is none. */
  public static long openFileLimit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return FALLBACK_OPEN_FILES;
  }
}
