package org.chatharness.load.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one virtual user of a chaos run saw and did: the id its first welcome named (it expects
 * every acknowledged message after it), the newest id it received (its {@code since} for a resume),
 * each test message once in {@code received} and again in {@code twice}, and, for a sender, its own
 * messages and those the server refused. Written by the user's own event loop; the lock only makes
 * the final count safe to read from another thread.
 */
final class UserBooks {
  private static final int LIVE_TOLD_AFTER_JOIN = 5;
  private final BitSet received = new BitSet();
  private final BitSet twice = new BitSet();
  private final List<Integer> own = new ArrayList<>();
  private final List<Integer> refused = new ArrayList<>();
  private long baseline = -1;
  private long lastId = -1;
  private int node;
  private int incarnation;
  private boolean joined;
  private boolean everJoined;
  private long lostNanos;
  private int outOfOrder;
  private int gaps;
  private int reconnects;
  private final List<String> story = new ArrayList<>();
  private final BitSet online = new BitSet();
  private int liveToldSinceJoin;

  /**
   * Adds a line to the user's story: what it did and what the server told it, with the time, to
   * explain an incomplete user beside the nodes' logs.
   */
  synchronized void note(String event) {
    story.add(Instant.now() + " " + event);
  }

  /** Whether a live message is told in the story: the first few after each join are. */
  synchronized boolean tellsLiveMessage() {
    return liveToldSinceJoin++ < LIVE_TOLD_AFTER_JOIN;
  }

  /** The user's view of who is online is now exactly {@code userIds} (a welcome, a full list). */
  synchronized void onlineIs(List<Long> userIds) {
    online.clear();
    userIds.forEach(id -> online.set(Math.toIntExact(id)));
  }

  /** Users came online or went offline, as a presence without the list says. */
  synchronized void onlineChanged(List<Long> came, List<Long> went) {
    went.forEach(id -> online.clear(Math.toIntExact(id)));
    came.forEach(id -> online.set(Math.toIntExact(id)));
  }

  /** Who the user sees online (user ids), a copy. */
  synchronized BitSet online() {
    return (BitSet) online.clone();
  }

  synchronized List<String> story() {
    return List.copyOf(story);
  }

  synchronized void connecting(int node, int incarnation) {
    this.node = node;
    this.incarnation = incarnation;
  }

  synchronized int node() {
    return node;
  }

  synchronized int incarnation() {
    return incarnation;
  }

  /** A welcome: the first one sets the baseline and the resume point. */
  synchronized void welcome(long roomLastId) {
    if (baseline < 0) {
      baseline = roomLastId;
      lastId = roomLastId;
    }
  }

  /** A message, live or replayed; ids must increase, and only test messages are counted. */
  synchronized void message(long id, long seq) {
    if (id <= lastId) {
      outOfOrder++;
      return;
    }
    lastId = id;
    if (seq >= 0 && baseline >= 0) {
      if (received.get((int) seq)) {
        twice.set((int) seq);
      } else {
        received.set((int) seq);
      }
    }
  }

  /**
   * The history that ends a join: from now on the user is in the room. Returns when it was lost.
   */
  synchronized long joined(boolean gap) {
    joined = true;
    everJoined = true;
    liveToldSinceJoin = 0;
    if (gap) {
      gaps++;
    }
    long lost = lostNanos;
    lostNanos = 0;
    return lost;
  }

  /** The connection is gone, since {@code nanos}. */
  synchronized void lost(long nanos) {
    if (joined) {
      joined = false;
      lostNanos = nanos;
      reconnects++;
    }
  }

  synchronized boolean everJoined() {
    return everJoined;
  }

  synchronized boolean isJoined() {
    return joined;
  }

  synchronized long since() {
    return lastId;
  }

  synchronized long baseline() {
    return baseline;
  }

  synchronized void sent(int seq) {
    own.add(seq);
  }

  synchronized List<Integer> own() {
    return List.copyOf(own);
  }

  synchronized void refused(int seq) {
    refused.add(seq);
  }

  synchronized List<Integer> takeRefused() {
    List<Integer> taken = List.copyOf(refused);
    refused.clear();
    return taken;
  }

  synchronized boolean received(int seq) {
    return received.get(seq);
  }

  synchronized boolean twice(int seq) {
    return twice.get(seq);
  }

  synchronized int outOfOrder() {
    return outOfOrder;
  }

  synchronized int gaps() {
    return gaps;
  }

  synchronized int reconnects() {
    return reconnects;
  }
}
