package org.chatharness.load.protocol;

/**
 * The tutorial's plain protocol: no subprotocol, and every text goes back unchanged to everyone in
 * the room, so a test message is its number between two {@code #} marks, padded with {@code .}.
 */
public final class PlainProtocol implements ChatProtocol {
  public static final String NAME = "plain";
  private static final char MARK = '#';
  private static final char PAD = '.';

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String subprotocol() {
    return null;
  }

  @Override
  public String encode(long seq, int size) {
    StringBuilder text = new StringBuilder(Math.max(size, 24));
    text.append(MARK).append(seq).append(MARK);
    while (text.length() < size) {
      text.append(PAD);
    }
    return text.toString();
  }

  @Override
  public long sequenceOf(String delivered) {
    int start = delivered.indexOf(MARK);
    if (start < 0) {
      return -1;
    }
    long seq = 0;
    int digits = 0;
    for (int i = start + 1; i < delivered.length(); i++) {
      char c = delivered.charAt(i);
      if (c == MARK) {
        return digits == 0 ? -1 : seq;
      }
      if (c < '0' || c > '9' || ++digits > 18) {
        return -1;
      }
      seq = seq * 10 + (c - '0');
    }
    return -1;
  }
}
