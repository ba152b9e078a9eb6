package org.chatharness.load.probes;

import java.net.URI;

/**
 * The server's garbage collections so far, from Micrometer's {@code jvm_gc_pause_seconds} in its
 * {@code /metrics}: the collections the JVM chose to run, and apart from them the ones a heap probe
 * forced ({@code jcmd GC.class_histogram}, {@code System.gc()}), so the probe's own GCs do not pass
 * for the server's.
 *
 * @param pauses collections the JVM ran on its own
 * @param seconds their total pause time
 * @param forced collections forced by a heap probe
 */
public record GcPauses(double pauses, double seconds, double forced) {
  /** What a node that does not answer reports. */
  public static final GcPauses UNKNOWN = new GcPauses(Double.NaN, Double.NaN, Double.NaN);

  private static final String COUNT = "jvm_gc_pause_seconds_count{";
  private static final String SUM = "jvm_gc_pause_seconds_sum{";

  /** Reads the node's {@code /metrics}; {@link #UNKNOWN} when it does not answer. */
  public static GcPauses scrape(URI node) {
    String exposition = ServerMetrics.fetch(node);
    return exposition == null ? UNKNOWN : parse(exposition);
  }

  static GcPauses parse(String exposition) {
    double pauses = 0;
    double seconds = 0;
    double forced = 0;
    for (String line : exposition.split("\n")) {
      boolean count = line.startsWith(COUNT);
      if (!count && !line.startsWith(SUM)) {
        continue;
      }
      boolean byProbe =
          line.contains("cause=\"Heap Inspection Initiated GC\"")
              || line.contains("cause=\"System.gc()\"");
      double value;
      try {
        value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } catch (RuntimeException notASample) {
        continue;
      }
      if (byProbe) {
        forced += count ? value : 0;
      } else if (count) {
        pauses += value;
      } else {
        seconds += value;
      }
    }
    return new GcPauses(pauses, seconds, forced);
  }

  /** The collections between {@code earlier} and this reading. */
  public GcPauses since(GcPauses earlier) {
    return new GcPauses(
        pauses - earlier.pauses, seconds - earlier.seconds, forced - earlier.forced);
  }
}
