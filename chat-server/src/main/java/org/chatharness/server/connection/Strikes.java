package org.chatharness.server.connection;

/**
 * Counts a connection's protocol errors in a sliding window; too many means abuse. Used by one
 * connection's reading thread at a time.
 */
final class Strikes {
  static final int LIMIT = 10;
  static final long WINDOW_NANOS = 10_000_000_000L;

  private final long[] times = new long[LIMIT + 1];
  private int next;
  private int count;

  /** Records a strike; returns whether more than {@link #LIMIT} fell within the window. */
  boolean strike(long nowNanos) {
    times[next] = nowNanos;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
    // With the ring full, the slot about to be overwritten holds the oldest of LIMIT + 1 strikes.
    return count == times.length && nowNanos - times[next] <= WINDOW_NANOS;
  }
}
