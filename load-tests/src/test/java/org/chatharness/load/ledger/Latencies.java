package org.chatharness.load.ledger;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * Latency samples in a histogram of microseconds (HdrHistogram, 3 significant digits), safe to
 * record from many event loops at once and small however long the run.
 */
public final class Latencies {
  private final ConcurrentHistogram histogram = new ConcurrentHistogram(3);

  /** Adds one sample. */
  public void add(long nanos) {
    histogram.recordValue(Math.max(0, nanos / 1000));
  }

  /** Number of samples so far. */
  public long count() {
    return histogram.getTotalCount();
  }

  /** The {@code p}-th percentile (0-100) in milliseconds, or NaN when there is no sample. */
  public double percentileMillis(double p) {
    return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1000.0;
  }

  /** The largest sample in milliseconds, or NaN. */
  public double maxMillis() {
    return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
  }
}
