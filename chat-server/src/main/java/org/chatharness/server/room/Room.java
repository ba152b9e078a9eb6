package org.chatharness.server.room;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.codec.Delivery;
import org.chatharness.server.codec.RoomEvent;
import org.chatharness.server.fanout.Member;
import org.chatharness.server.fanout.Members;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.timer.Timer;

/**
 * One room on this node, in three parts under one lock: its {@link RoomLog} (ids, history, the
 * gap), its {@link Presence} (who is online, here and elsewhere) and its {@link Members} (the
 * fan-out). The room builds {@link RoomEvent}s; the members' protocols encode them, each once.
 *
 * <p>Everything that must happen in one order for all members (keeping a message, queueing it for
 * every member, a join's snapshot of history and the live stream after it, a presence change)
 * happens under the room's lock, and only queues bytes; the socket writes start after the lock is
 * released.
 *
 * <p>The room numbers nothing: its broker does, and delivers through the {@link RoomRegistry} (a
 * {@link RoomFeed}), the same way for every broker.
 */
public final class Room implements HistoryBudget.Keeper {
  /** How long presence changes in a large room are gathered into one event. */
  public static final Duration PRESENCE_BATCH = Duration.ofMillis(250);

  /** Most names a presence event lists; larger rooms get their presence changes in batches. */
  public static final int PRESENCE_LIST_LIMIT = 100;

  /** Connections (windows, devices) one person may have in a room under one name. */
  public static final int MAX_CONNECTIONS_PER_NAME = 32;

  /**
   * A join's welcome and history together take at most this share of the member's outbound queue
   * (half of it), so that the live stream after them has room too.
   */
  static final int JOIN_SHARE_OF_QUEUE = 2;

  private final String name;
  private final RoomLog log;
  private final Presence presence;
  private final Members members = new Members();
  private final ChatMetrics metrics;
  private final HistoryBudget budget;
  private volatile long lastActiveMillis;

  /**
   * Connections holding this room (joining it, or in it): changed only by the {@link RoomRegistry}
   * under its map's lock of this room's name; a room with holds is never forgotten.
   */
  volatile int holds;

  Room(
      String name,
      int historyLimit,
      long nowMillis,
      ChatMetrics metrics,
      Timer timer,
      HistoryBudget budget) {
    this.name = name;
    this.metrics = metrics;
    this.budget = budget;
    this.log = new RoomLog(historyLimit, nowMillis, budget);
    this.presence = new Presence(() -> timer.schedule(this::sendPresenceBatch, PRESENCE_BATCH));
    this.lastActiveMillis = nowMillis;
  }

  public String name() {
    return name;
  }

  @Override
  public long lastActiveMillis() {
    return lastActiveMillis;
  }

  /** Adds a plain member: it receives the room's messages from now on. */
  public synchronized void addPlain(Member member) {
    members.add(member);
  }

  /**
   * Adds a chat.v1 member under a name and queues its welcome and history, or the replay after
   * {@code since}, so that the live stream follows with nothing missed or repeated.
   */
  public JoinResult join(Member member, String memberName, Long since, int maxMessageBytes) {
    boolean toEveryone = false;
    synchronized (this) {
      boolean wasOnline = presence.isOnline(memberName);
      JoinResult admitted = presence.admit(memberName, member);
      if (admitted != JoinResult.JOINED) {
        return admitted;
      }
      members.add(member);
      OutboundMessage welcome =
          member
              .protocol()
              .encode(
                  new RoomEvent.Welcome(
                      name,
                      memberName,
                      presence.online(),
                      log.lastId(),
                      log.limit(),
                      maxMessageBytes));
      long historyBytes = member.outbound().limitBytes() / JOIN_SHARE_OF_QUEUE - welcome.size();
      if (Members.offer(member, welcome)) {
        RoomLog.Replay replay = log.replay(since);
        Members.offer(
            member,
            member
                .protocol()
                .encode(new RoomEvent.History(replay.messages(), replay.gap(), historyBytes)));
      }
      if (!wasOnline) {
        toEveryone = announce("join", memberName, member);
      }
    }
    if (toEveryone) {
      members.flush();
    } else {
      // Only the newcomer has something new: in a wave of joins, starting every member's writes
      // for each join would cost n² for nothing.
      member.outbound().flush();
    }
    return JoinResult.JOINED;
  }

  /**
   * Removes a member; when it was its name's last connection anywhere, the others are told.
   *
   * @return whether the member held a name (its hold on it is gone now)
   */
  public boolean leave(Member member) {
    boolean toEveryone = false;
    synchronized (this) {
      if (!members.remove(member) || !presence.release(member)) {
        return false;
      }
      String memberName = member.name();
      if (!presence.isOnline(memberName)) {
        toEveryone = announce("leave", memberName, null);
      }
    }
    if (toEveryone) {
      members.flush();
    }
    return true;
  }

  /** {@link RoomFeed#deliver}: keeps a numbered message and queues it for every member. */
  Delivered deliver(ChatMessage message) {
    long started = System.nanoTime();
    int recipients;
    synchronized (this) {
      if (!log.append(message)) {
        return Delivered.NOTHING;
      }
      lastActiveMillis = System.currentTimeMillis();
      recipients = members.enqueue(new Delivery(message), null);
    }
    return new Delivered(this, recipients, started);
  }

  /** After a delivery, without the lock: starts the writes and records the fan-out. */
  void delivered(int recipients, long startedNanos) {
    members.flush();
    metrics.fannedOut(recipients, System.nanoTime() - startedNanos);
    budget.enforce();
  }

  /** {@link RoomFeed#seed}: the broker's copy of the past, before the first member here joins. */
  void seed(List<ChatMessage> recent, long floor, long last, Map<String, Set<String>> elsewhere) {
    synchronized (this) {
      log.seed(recent, floor, last);
      presence.seedRemote(elsewhere);
    }
    budget.enforce();
  }

  /** {@link RoomFeed#remotePresence}: announced only when it changes whether the name is online. */
  void remotePresence(boolean joined, String memberName, String node) {
    synchronized (this) {
      if (!presence.remote(joined, memberName, node)
          || !announce(joined ? "join" : "leave", memberName, null)) {
        return;
      }
    }
    members.flush();
  }

  /** {@link RoomFeed#remoteHolders}: every name that came online or went offline is announced. */
  void remoteHolders(Map<String, Set<String>> others) {
    boolean toEveryone = false;
    synchronized (this) {
      for (Map.Entry<String, Boolean> change : presence.replaceRemote(others).entrySet()) {
        toEveryone |= announce(change.getValue() ? "join" : "leave", change.getKey(), null);
      }
    }
    if (toEveryone) {
      members.flush();
    }
  }

  /** {@link RoomFeed#missed}: the gap is kept, and every member is closed so that it resumes. */
  void missed(long newestMissing) {
    Member[] everyone;
    synchronized (this) {
      log.missed(newestMissing);
      everyone = members.snapshot();
    }
    for (Member member : everyone) {
      member.onMissedMessages();
    }
  }

  /**
   * Under the lock: tells the members but {@code except} that {@code memberName} came online or
   * went offline, now or in the next batch ({@link Presence#announce}).
   *
   * @return whether the members have something to send now
   */
  private boolean announce(String event, String memberName, Member except) {
    RoomEvent now = presence.announce(event, memberName);
    if (now == null) {
      return false;
    }
    members.enqueue(new Delivery(now), except);
    return true;
  }

  /** Sends the gathered presence changes: each changed name is now online, or not. */
  private void sendPresenceBatch() {
    synchronized (this) {
      RoomEvent batch = presence.takeBatch();
      if (batch == null) {
        return;
      }
      members.enqueue(new Delivery(batch), null);
    }
    members.flush();
  }

  /** For the {@link HistoryBudget}: gives up the oldest history first. */
  @Override
  public synchronized void giveUp(long wanted) {
    log.giveUp(wanted);
  }

  /** Forgotten by the registry: drops what the room keeps from the budget, and keeps nothing. */
  synchronized void forget() {
    log.forget();
  }
}
