package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a run's messages at a steady total rate from the calling thread, round-robin over the
 * senders: message {@code k} is due at {@code k / rate} seconds after the start and goes out on
 * sender {@code k mod senders}, stamped with its number, its sender and the time it really left. A
 * message that falls behind its time goes out at once (none is skipped); the worst lag is reported,
 * since it means the generator, not the server, set the pace.
 */
final class Senders {
  /** What was sent: how many, when the first and the last left, and the worst lag behind plan. */
  record Outcome(long sent, long firstNanos, long lastNanos, long maxLagNanos, String failure) {}

  private Senders() {}

  static Outcome send(List<Receiver> senders, double rate, long count, int size, long epochNanos) {
    byte[] payload = new byte[size];
    ByteBuffer frame = ByteBuffer.allocateDirect(ClientFrames.serverFrameBytes(size) + 4);
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    long first = 0;
    long last = 0;
    long maxLag = 0;
    for (long k = 0; k < count; k++) {
      long due = start + k * period;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      maxLag = Math.max(maxLag, now - due);
      int sender = (int) (k % senders.size());
      new Stamp(k, sender, now - epochNanos).writeTo(payload, size);
      frame.clear();
      ClientFrames.write(
          frame, ClientFrames.TEXT, payload, size, ThreadLocalRandom.current().nextInt());
      frame.flip();
      try {
        senders.get(sender).write(frame);
      } catch (IOException e) {
        return new Outcome(k, first, last, maxLag, "sender " + sender + ": " + e.getMessage());
      }
      last = now;
      if (k == 0) {
        first = now;
      }
    }
    return new Outcome(count, first, last, maxLag, null);
  }
}
