package org.chatharness.server.outbound;

/**
 * A session's messages in order, the oldest first: a ring that grows by doubling and starts empty,
 * without an array, since most sessions at scale are idle. Not thread-safe: the {@link
 * OutboundQueue}'s lock guards it.
 *
 * <p>The queue's write in flight reads its messages from the front of the ring without the lock,
 * through the array and head it took under the lock ({@link #slots}, {@link #head}): slots already
 * filled are never written again until they are {@link #dropFirst dropped}, and growing copies them
 * to a new array without touching the old one.
 */
final class MessageRing {
  private static final OutboundMessage[] EMPTY = new OutboundMessage[0];

  private OutboundMessage[] slots = EMPTY;
  private int head;
  private int size;

  int size() {
    return size;
  }

  /** The {@code i}th message from the front, {@code 0 <= i < size()}. */
  OutboundMessage get(int i) {
    return at(slots, head, i);
  }

  /** The array the messages are in now; see {@link #at}. */
  OutboundMessage[] slots() {
    return slots;
  }

  /** Where the first message is in {@link #slots}. */
  int head() {
    return head;
  }

  /** The {@code i}th message from {@code head} in a ring array taken earlier. */
  static OutboundMessage at(OutboundMessage[] slots, int head, int i) {
    return slots[(head + i) & (slots.length - 1)];
  }

  void addLast(OutboundMessage message) {
    if (size == slots.length) {
      grow();
    }
    slots[(head + size) & (slots.length - 1)] = message;
    size++;
  }

  /** Forgets the first {@code count} messages. */
  void dropFirst(int count) {
    if (count == 0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      slots[(head + i) & (slots.length - 1)] = null;
    }
    head = (head + count) & (slots.length - 1);
    size -= count;
  }

  /** Forgets the messages from the {@code from}th on, keeping the first {@code from}. */
  void truncate(int from) {
    for (int i = from; i < size; i++) {
      slots[(head + i) & (slots.length - 1)] = null;
    }
    size = from;
  }

  private void grow() {
    OutboundMessage[] bigger = new OutboundMessage[Math.max(2, slots.length * 2)];
    for (int i = 0; i < size; i++) {
      bigger[i] = get(i);
    }
    slots = bigger;
    head = 0;
  }
}
