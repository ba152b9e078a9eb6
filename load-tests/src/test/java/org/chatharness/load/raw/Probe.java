package org.chatharness.load.raw;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What one parsing receiver learns from the messages it gets: each message's latency (sent by the
 * generator to received here), and whether every message came exactly once and in its sender's
 * order. Used by one receive thread during the run, read after it.
 */
final class Probe {
  private final BitSet seen = new BitSet();
  private final long[] lastSeqBySender;
  private final Samples latencies = new Samples();
  private final long epochNanos;
  private long messages;
  private long duplicates;
  private long outOfOrder;
  private long foreign;

  /**
   * @param senders how many senders number their messages (a stamp naming another is foreign)
   * @param epochNanos the {@link System#nanoTime()} that stamps count from
   */
  Probe(int senders, long epochNanos) {
    this.lastSeqBySender = new long[senders];
    Arrays.fill(lastSeqBySender, -1);
    this.epochNanos = epochNanos;
  }

  /** A text message arrived at {@code receivedNanos}. */
  void onText(byte[] payload, int length, long receivedNanos) {
    Stamp stamp = Stamp.parse(payload, length);
    if (stamp == null
        || stamp.sender() >= lastSeqBySender.length
        || stamp.seq() >= Integer.MAX_VALUE) {
      foreign++;
      return;
    }
    messages++;
    int seq = (int) stamp.seq();
    if (seen.get(seq)) {
      duplicates++;
      return;
    }
    seen.set(seq);
    if (seq < lastSeqBySender[stamp.sender()]) {
      outOfOrder++;
    } else {
      lastSeqBySender[stamp.sender()] = seq;
    }
    latencies.add(receivedNanos - epochNanos - stamp.sentNanos());
  }

  /** Messages numbered below {@code sent} that never came. */
  long missing(long sent) {
    return sent - seen.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
  }

  /** Stamped messages received, duplicates included. */
  long messages() {
    return messages;
  }

  long duplicates() {
    return duplicates;
  }

  /** Messages that came after a later message of the same sender. */
  long outOfOrder() {
    return outOfOrder;
  }

  /** Text messages without a stamp of this run (another client's, or garbled). */
  long foreign() {
    return foreign;
  }

  /** Latency of each first copy, nanoseconds. */
  Samples latencies() {
    return latencies;
  }
}
