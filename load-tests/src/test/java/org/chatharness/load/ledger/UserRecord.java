package org.chatharness.load.ledger;

import java.util.BitSet;

/**
 * What one virtual user received: each test message number once in {@code received}, and again in
 * {@code twice} when it came more than once. Written by the user's own event loop; the lock only
 * makes the final count safe to read from another thread.
 */
final class UserRecord {
  final long connectedNanos;
  final int scope;
  private final BitSet received = new BitSet();
  private final BitSet twice = new BitSet();
  private long leftNanos = Long.MAX_VALUE;

  UserRecord(long connectedNanos, int scope) {
    this.connectedNanos = connectedNanos;
    this.scope = scope;
  }

  synchronized void record(int seq) {
    if (received.get(seq)) {
      twice.set(seq);
    } else {
      received.set(seq);
    }
  }

  synchronized void leave(long nanos) {
    leftNanos = Math.min(leftNanos, nanos);
  }

  synchronized long leftNanos() {
    return leftNanos;
  }

  synchronized boolean received(int seq) {
    return received.get(seq);
  }

  synchronized boolean twice(int seq) {
    return twice.get(seq);
  }
}
