package org.chatharness.load.ledger;

import java.util.Arrays;

/** Latency samples of one step, in nanoseconds, with exact percentiles (a run holds few enough). */
public final class Latencies {
  private long[] samples = new long[1024];
  private int count;

  /** Adds one sample. */
  public synchronized void add(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  /** Number of samples so far. */
  public synchronized int count() {
    return count;
  }

  /** The {@code p}-th percentile (0-100) in milliseconds, or NaN when there is no sample. */
  public synchronized double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }
}
