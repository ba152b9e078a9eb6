package org.chatharness.load.raw;

/**
 * What a message says: its number, its sender and when it was sent, as ASCII text padded with dots
 * to a fixed size, so every copy of every message is a frame of the same length and completeness
 * can be counted in bytes.
 *
 * <p>{@code #1234 7 981234567 ........} : number 1234, sender 7, sent 981,234,567 ns after the
 * run's epoch (this JVM's {@link System#nanoTime()} clock, which the probes read too).
 */
record Stamp(long seq, int sender, long sentNanos) {
  /** Smallest message size that holds any stamp. */
  static final int MIN_SIZE = 48;

  /** Writes this stamp into {@code out[0..size)}. */
  void writeTo(byte[] out, int size) {
    int at = 0;
    out[at++] = '#';
    at = writeDecimal(out, at, seq);
    out[at++] = ' ';
    at = writeDecimal(out, at, sender);
    out[at++] = ' ';
    at = writeDecimal(out, at, sentNanos);
    out[at++] = ' ';
    while (at < size) {
      out[at++] = '.';
    }
  }

  /** The stamp in {@code payload[0..length)}, or {@code null} when it holds none. */
  static Stamp parse(byte[] payload, int length) {
    if (length < 7 || payload[0] != '#') {
      return null;
    }
    long[] fields = new long[3];
    int at = 1;
    for (int f = 0; f < 3; f++) {
      int start = at;
      long value = 0;
      while (at < length && payload[at] >= '0' && payload[at] <= '9' && at - start < 18) {
        value = value * 10 + (payload[at++] - '0');
      }
      if (at == start || at >= length || payload[at] != ' ') {
        return null;
      }
      fields[f] = value;
      at++;
    }
    if (fields[1] > Integer.MAX_VALUE) {
      return null;
    }
    return new Stamp(fields[0], (int) fields[1], fields[2]);
  }

  private static int writeDecimal(byte[] out, int at, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a stamp holds no negative number: " + value);
    }
    String digits = Long.toString(value);
    for (int i = 0; i < digits.length(); i++) {
      out[at++] = (byte) digits.charAt(i);
    }
    return at;
  }
}
