package org.chatharness.server.room;

import java.util.Arrays;
import org.chatharness.server.fanout.FanOut;
import org.chatharness.server.outbound.OutboundMessage;

/**
 * The members of one room on this node, and the order in which they receive its messages.
 *
 * <p>Membership is a copy-on-write array, so a fan-out iterates a snapshot without holding up joins
 * and leaves. Delivery takes the room's lock only while it queues, so every member queues the
 * room's messages in one order; the socket writes start after the lock is released.
 */
public final class Room {
  private static final Member[] NONE = new Member[0];

  private final String name;
  private volatile Member[] members = NONE;

  Room(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Number of members on this node. */
  public int size() {
    return members.length;
  }

  synchronized void add(Member member) {
    Member[] next = Arrays.copyOf(members, members.length + 1);
    next[members.length] = member;
    members = next;
  }

  synchronized void remove(Member member) {
    Member[] current = members;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == member) {
        Member[] next = new Member[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        members = next;
        return;
      }
    }
  }

  synchronized boolean isEmpty() {
    return members.length == 0;
  }

  /** Sends one encoded message to every member, in the room's order. */
  public void deliver(OutboundMessage message) {
    Member[] recipients;
    synchronized (this) {
      recipients = members;
      FanOut.enqueue(recipients, message);
    }
    FanOut.flush(recipients);
  }
}
