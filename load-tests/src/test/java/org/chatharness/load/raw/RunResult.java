package org.chatharness.load.raw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run measured. CPU shares are of one core over the measured window (from the first send
 * until every receiver had every byte, or the drain timeout); latencies are from a message's send
 * to a probe's read of it.
 */
record RunResult(
    Load load,
    Handshakes handshakes,
    Completeness completeness,
    Cpu cpu,
    Latency latency,
    Pace pace,
    String failure) {

  /** The offered load. */
  record Load(int clients, int senders, int probes, double rate, double seconds, int size) {
    double deliveriesPerSecond() {
      return rate * clients;
    }
  }

  /** Opening the connections: wall time for all, and each handshake's time. */
  record Handshakes(double seconds, double p50Ms, double p99Ms, double maxMs) {}

  /**
   * Counted in bytes at every receiver: each had to get exactly {@code sent} frames' worth.
   *
   * @param lost deliveries missing at the end of the drain, over all receivers
   * @param extraBytes bytes beyond what was sent (a duplicate, or frames this run did not send)
   * @param receiversEnded receivers whose connection ended during the run (closed by the server)
   * @param firstEnd why the first of them ended, or null
   */
  record Completeness(
      long sent,
      long deliveries,
      long lost,
      long extraBytes,
      int receiversEnded,
      String firstEnd,
      long probeMissing,
      long probeDuplicates,
      long probeOutOfOrder) {}

  /**
   * @param serverShare the server's CPU time over the window's wall time
   * @param serverKernelShare the part of it spent in the kernel (stime)
   * @param serverUsPerDelivery server CPU time in the window divided by the deliveries
   * @param serverKernelUsPerDelivery the part of it spent in the kernel
   * @param serverCoreOthers what other processes took of the server's core (they delay it)
   * @param otherLoad what every core together did besides the server and this generator, in cores
   * @param generatorCoreBusy how busy the generator's core was, whoever ran on it
   */
  record Cpu(
      double windowSeconds,
      double serverShare,
      double serverKernelShare,
      double serverUsPerDelivery,
      double serverKernelUsPerDelivery,
      double serverCoreOthers,
      double generatorShare,
      double generatorCoreBusy,
      double otherLoad) {

    /** The same window with the server's CPU divided over {@code deliveries}. */
    Cpu perDelivery(long deliveries) {
      double usPerShare = deliveries == 0 ? Double.NaN : windowSeconds * 1e6 / deliveries;
      return new Cpu(
          windowSeconds,
          serverShare,
          serverKernelShare,
          serverShare * usPerShare,
          serverKernelShare * usPerShare,
          serverCoreOthers,
          generatorShare,
          generatorCoreBusy,
          otherLoad);
    }
  }

  record Latency(int samples, double p50Ms, double p99Ms, double maxMs) {}

  /**
   * @param maxSendLagMs the worst delay of a send behind its planned time
   * @param drainMs from the last send until the last receiver had everything
   * @param generatorLimit why the generator's core may have set the pace, or null
   * @param serverDisturbed how other processes on the server's core disturbed the run, or null
   */
  record Pace(double maxSendLagMs, double drainMs, String generatorLimit, String serverDisturbed) {}

  /**
   * Whether the run completed and nothing was lost or doubled. The byte count alone cannot tell a
   * message lost and another doubled at one receiver (the bytes add up): the probes, which read
   * every message, can.
   */
  boolean clean() {
    return failure == null
        && completeness.lost() == 0
        && completeness.extraBytes() == 0
        && completeness.receiversEnded() == 0
        && completeness.probeMissing() == 0
        && completeness.probeDuplicates() == 0
        && completeness.probeOutOfOrder() == 0;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("load", components(load));
    map.put("handshakes", components(handshakes));
    map.put("completeness", components(completeness));
    map.put("cpu", components(cpu));
    map.put("latency", components(latency));
    map.put("pace", components(pace));
    map.put("clean", clean());
    map.put("failure", failure);
    return map;
  }

  static Map<String, Object> components(Record record) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (record == null) {
      return null;
    }
    for (var component : record.getClass().getRecordComponents()) {
      try {
        map.put(component.getName(), component.getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return map;
  }
}
