package org.chatharness.load.raw;

import java.util.List;

/**
 * Completeness counted in bytes: each receiver must have got exactly the frames of every message
 * sent (all messages have one size, so one frame size), no fewer and no more; the probes add what
 * they matched message by message.
 */
final class DeliveryTally {
  private DeliveryTally() {}

  /**
   * @param sent messages sent in the window
   * @param frameBytes bytes of one message's frame from the server
   * @param bytesBefore, messagesBefore each receiver's counts when the window started
   */
  static RunResult.Completeness count(
      long sent,
      long frameBytes,
      List<Receiver> receivers,
      long[] bytesBefore,
      long[] messagesBefore) {
    long expected = sent * frameBytes;
    long deliveries = 0;
    long lost = 0;
    long extra = 0;
    int ended = 0;
    String firstEnd = null;
    long missing = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    for (int i = 0; i < receivers.size(); i++) {
      Receiver receiver = receivers.get(i);
      long got = receiver.dataBytes() - bytesBefore[i];
      deliveries += receiver.messages() - messagesBefore[i];
      lost += (Math.max(0, expected - got) + frameBytes - 1) / frameBytes;
      extra += Math.max(0, got - expected);
      if (receiver.ended() != null) {
        ended++;
        if (firstEnd == null) {
          String code = receiver.closeCode() >= 0 ? " (close " + receiver.closeCode() + ")" : "";
          firstEnd = "connection " + (i + 1) + ": " + receiver.ended() + code;
        }
      }
      Probe probe = receiver.probe();
      if (probe != null) {
        missing += probe.missing(sent);
        duplicates += probe.duplicates();
        outOfOrder += probe.outOfOrder();
      }
    }
    return new RunResult.Completeness(
        sent, deliveries, lost, extra, ended, firstEnd, missing, duplicates, outOfOrder);
  }

  /** Every probe's latencies together. */
  static Samples latencies(List<Receiver> receivers) {
    Samples all = new Samples();
    for (Receiver receiver : receivers) {
      if (receiver.probe() != null) {
        all.addAll(receiver.probe().latencies());
      }
    }
    return all;
  }
}
