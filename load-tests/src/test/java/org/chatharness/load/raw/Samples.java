package org.chatharness.load.raw;

import java.util.Arrays;

/**
 * Durations in nanoseconds, kept whole (a run has thousands, not millions) so percentiles are
 * exact. Not thread-safe: each thread keeps its own, and {@link #addAll} merges them after the run.
 */
final class Samples {
  private long[] values = new long[256];
  private int count;
  private boolean sorted = true;

  void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
    sorted = false;
  }

  void addAll(Samples other) {
    for (int i = 0; i < other.count; i++) {
      add(other.values[i]);
    }
  }

  int count() {
    return count;
  }

  /**
   * The nearest-rank percentile ({@code q} in [0, 1]: the smallest value with at least {@code q} of
   * all values at or below it), or -1 when empty.
   */
  long percentile(double q) {
    if (count == 0) {
      return -1;
    }
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
    int rank = (int) Math.ceil(q * count);
    return values[Math.max(0, Math.min(count, rank) - 1)];
  }

  long max() {
    return percentile(1.0);
  }

  /** {@link #percentile} in milliseconds, or NaN when empty. */
  double millis(double q) {
    return count == 0 ? Double.NaN : percentile(q) / 1e6;
  }
}
