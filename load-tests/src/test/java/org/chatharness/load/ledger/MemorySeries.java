package org.chatharness.load.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server's memory (heap after a full GC for a JVM, see {@code ServerProbe#memoryBytes}) read
 * over a long run, and the judgement whether it stayed flat. Samples taken during the warm-up
 * (connections opening, pools and caches filling) are shown but not judged. After it, the memory is
 * flat when both hold:
 *
 * <ul>
 *   <li>the least-squares slope over the judged samples is at most {@code maxSlopeMiBPer10Min}: a
 *       leak grows the memory in proportion to the messages, so it shows as a steady slope, while
 *       noise around a level averages out of a fit;
 *   <li>the last sample is at most {@code maxGrowthPercent} above the first judged one (the
 *       baseline): a slope under the bound may still add up over a long run.
 * </ul>
 *
 * <pre>{@code
 * MemorySeries memory = new MemorySeries(60, 4, 20);   // warm-up 60 s, 4 MiB/10 min, 20%
 * memory.add(new MemorySeries.Sample(now, seconds, bytes));
 * memory.verdict();                                   // "flat", or why not
 * }</pre>
 */
public final class MemorySeries {
  /** The verdict of memory that stayed flat. */
  public static final String FLAT = "flat";

  private static final double MIB = 1024.0 * 1024.0;

  /**
   * One reading.
   *
   * @param nanos when it was taken (System.nanoTime)
   * @param seconds since the run started
   * @param bytes the server's memory, or -1 when it could not be measured
   */
  public record Sample(long nanos, double seconds, long bytes) {
    /** The memory in MiB, NaN when unmeasured. */
    public double mib() {
      return bytes < 0 ? Double.NaN : bytes / MIB;
    }
  }

  private final double warmUpSeconds;
  private final double maxSlopeMiBPer10Min;
  private final double maxGrowthPercent;
  private final List<Sample> samples = new ArrayList<>();

  public MemorySeries(double warmUpSeconds, double maxSlopeMiBPer10Min, double maxGrowthPercent) {
    this.warmUpSeconds = warmUpSeconds;
    this.maxSlopeMiBPer10Min = maxSlopeMiBPer10Min;
    this.maxGrowthPercent = maxGrowthPercent;
  }

  /** Adds a reading; readings come in time order. */
  public synchronized void add(Sample sample) {
    samples.add(sample);
  }

  /** Every reading so far, warm-up included. */
  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The measured readings after the warm-up: the ones judged. */
  public synchronized List<Sample> judged() {
    return samples.stream().filter(s -> s.seconds() >= warmUpSeconds && s.bytes() >= 0).toList();
  }

  /** Least-squares slope of the judged readings, MiB per 10 minutes; NaN under two readings. */
  public double slopeMiBPer10Min() {
    List<Sample> judged = judged();
    if (judged.size() < 2) {
      return Double.NaN;
    }
    double meanT = judged.stream().mapToDouble(Sample::seconds).average().orElseThrow();
    double meanH = judged.stream().mapToDouble(Sample::mib).average().orElseThrow();
    double covariance = 0;
    double variance = 0;
    for (Sample s : judged) {
      covariance += (s.seconds() - meanT) * (s.mib() - meanH);
      variance += (s.seconds() - meanT) * (s.seconds() - meanT);
    }
    return variance == 0 ? Double.NaN : covariance / variance * 600;
  }

  /** How far the last judged reading is above the first, percent; NaN under two readings. */
  public double growthPercent() {
    List<Sample> judged = judged();
    if (judged.size() < 2) {
      return Double.NaN;
    }
    double baseline = judged.get(0).mib();
    return 100 * (judged.get(judged.size() - 1).mib() - baseline) / baseline;
  }

  /** {@link #FLAT}, or why the memory does not count as flat. */
  public String verdict() {
    int judged = judged().size();
    if (judged < 3) {
      return "not judged: "
          + judged
          + " reading(s) after the warm-up, 3 needed"
          + (samples().stream().allMatch(s -> s.bytes() < 0)
              ? " (the server's memory could not be measured: run it on this machine)"
              : "");
    }
    List<String> reasons = new ArrayList<>();
    double slope = slopeMiBPer10Min();
    if (slope > maxSlopeMiBPer10Min) {
      reasons.add(
          String.format(
              Locale.ROOT, "grows %.2f MiB per 10 min (bound %.2f)", slope, maxSlopeMiBPer10Min));
    }
    double growth = growthPercent();
    if (growth > maxGrowthPercent) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "last reading %.1f%% above the baseline (bound %.1f%%)",
              growth,
              maxGrowthPercent));
    }
    return reasons.isEmpty() ? FLAT : String.join("; ", reasons);
  }

  /** The rule, for reports. */
  public String rule() {
    return String.format(
        Locale.ROOT,
        "flat = after a %.0f s warm-up, least-squares slope ≤ %.2f MiB per 10 min and last reading"
            + " ≤ %.1f%% above the first",
        warmUpSeconds,
        maxSlopeMiBPer10Min,
        maxGrowthPercent);
  }
}
