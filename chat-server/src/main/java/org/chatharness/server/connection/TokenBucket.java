package org.chatharness.server.connection;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Used by
 * one connection's reading thread at a time, so it needs no locking.
 */
final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
