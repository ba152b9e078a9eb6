package org.chatharness.load.results;

import java.util.ArrayList;
import java.util.List;
import org.chatharness.load.probes.CpuSampler;
import org.chatharness.load.probes.GcPauses;
import org.chatharness.load.probes.MemorySampler;

/**
 * One reading of a soak: the server's memory at its end and what happened since the reading before.
 *
 * @param minutes when it was taken, since the run started
 * @param memoryMiB the server's memory (heap after a full GC for a JVM), NaN when unmeasured
 * @param latencies samples of the run's latency figure recorded in the window
 * @param gcPauses collections the server's JVM ran on its own in the window (from its /metrics)
 * @param gcMillis their pause time
 */
public record MemoryReading(
    double minutes,
    double memoryMiB,
    long latencies,
    double p50Millis,
    double p99Millis,
    double serverCpu,
    double otherCpu,
    double gcPauses,
    double gcMillis) {

  /** One row per reading, each over the window since the reading before (the first: none). */
  public static List<MemoryReading> of(List<MemorySampler.Reading> readings, CpuSampler cpu) {
    List<MemoryReading> rows = new ArrayList<>();
    MemorySampler.Reading previous = null;
    for (MemorySampler.Reading reading : readings) {
      long to = reading.sample().nanos();
      long from = previous == null ? to : previous.sample().nanos();
      GcPauses gc = previous == null ? GcPauses.UNKNOWN : reading.gc().since(previous.gc());
      rows.add(
          new MemoryReading(
              reading.sample().seconds() / 60,
              reading.sample().mib(),
              reading.latencies().count(),
              reading.latencies().percentileMillis(50),
              reading.latencies().percentileMillis(99),
              previous == null ? Double.NaN : cpu.serverShare(from, to),
              previous == null ? Double.NaN : cpu.othersShare(from, to),
              gc.pauses(),
              gc.seconds() * 1000));
      previous = reading;
    }
    return rows;
  }
}
