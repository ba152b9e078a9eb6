package org.chatharness.server.room;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.codec.Delivery;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.codec.V1Codec;
import org.chatharness.server.fanout.FanOut;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.timer.Timer;

/**
 * One room on this node: its members, its message ids, its recent history and who is online.
 *
 * <p>Everything that must happen in one order for all members (assigning an id, keeping history,
 * queueing a message for every member, a join's snapshot of history and the live stream after it)
 * happens under the room's lock, and only queues bytes; the socket writes start after the lock is
 * released. Membership is a copy-on-write array, so a fan-out iterates a snapshot.
 *
 * <p>Ids increase within the room. The first id is the server's clock in milliseconds times 1000,
 * so ids keep increasing across server restarts and a client resuming with an id from before a
 * restart is told it may have missed messages instead of skipping new ones. With the in-memory
 * broker the room numbers messages itself ({@link #publish}, by one); with a shared broker the
 * broker numbers them and the room only {@link #deliver}s them, so ids may skip values.
 *
 * <p>Presence is the local names plus, with a shared broker, the names other nodes report holding.
 * A name is held by the connections that joined with it: one person may be here from several
 * windows or devices (the same key), on this node or others. Members hear of a join or leave only
 * when it changes whether a name is online: a second window is not announced, nor a user who moves
 * to another node (its own died), and a name leaves only with its last connection anywhere.
 */
public final class Room {
  /** How long presence changes in a large room are gathered into one event. */
  public static final Duration PRESENCE_BATCH = Duration.ofMillis(250);

  /** Connections (windows, devices) one person may have in a room under one name. */
  public static final int MAX_CONNECTIONS_PER_NAME = 32;

  /**
   * A join's welcome and history together take at most this share of the member's outbound queue
   * (half of it), so that the live stream after them has room too.
   */
  static final int JOIN_SHARE_OF_QUEUE = 2;

  private static final Member[] NONE = new Member[0];

  private final String name;
  private final int historyLimit;
  private volatile Member[] members = NONE;
  // Requests to start the members' writes; whoever raises it from 0 does the writing for all.
  private final AtomicInteger flushRequests = new AtomicInteger();
  private final ArrayDeque<ChatMessage> history;
  private final LocalNames named = new LocalNames();
  private final ClientIdWindow recentClientIds = new ClientIdWindow();
  // Names other nodes hold, each with the nodes holding it.
  private final Map<String, Set<String>> remoteNames = new LinkedHashMap<>();
  // Names whose presence changed since the last batch (large rooms only), and whether one is due.
  private final Set<String> presenceChanged = new LinkedHashSet<>();
  private boolean presenceBatchDue;
  private final Timer timer;
  private final ChatMetrics metrics;
  private final HistoryBudget budget;
  private long lastId;

  /** What history and client ids take, by the estimate, as counted in the budget. */
  private long retainedBytes;

  /** Whether history was given up to the budget: a join without {@code since} is told of a gap. */
  private boolean givenUp;

  /** Evicted from the registry: it keeps nothing more. */
  private boolean forgotten;

  /** The newest id no longer (or never) held in history: a resume from before it has a gap. */
  private long floorId;

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
    this.metrics = metrics;
    this.timer = timer;
    this.budget = budget;
    this.name = name;
    this.historyLimit = historyLimit;
    this.history = new ArrayDeque<>(Math.min(historyLimit, 1024));
    this.lastId = nowMillis * 1000 - 1;
    this.floorId = lastId;
    this.lastActiveMillis = nowMillis;
  }

  public String name() {
    return name;
  }

  /** Number of members on this node. */
  public int size() {
    return members.length;
  }

  long lastActiveMillis() {
    return lastActiveMillis;
  }

  /** Adds a plain member: it receives the room's messages from now on. */
  public synchronized void addPlain(Member member) {
    add(member);
  }

  /**
   * Adds a chat.v1 member under a name and queues its welcome and history, or the replay after
   * {@code since}, so that the live stream follows with nothing missing or repeated.
   */
  public JoinResult join(Member member, String memberName, Long since, int maxMessageBytes) {
    boolean toEveryone = false;
    synchronized (this) {
      boolean wasOnline = isOnline(memberName);
      JoinResult admitted = named.admit(memberName, member);
      if (admitted != JoinResult.JOINED) {
        return admitted;
      }
      add(member);
      List<String> online = onlineNow();
      OutboundMessage welcome =
          V1Codec.welcome(name, memberName, online, lastId, historyLimit, maxMessageBytes);
      long historyBytes = member.outbound().limitBytes() / JOIN_SHARE_OF_QUEUE - welcome.size();
      if (FanOut.offer(member, welcome)) {
        FanOut.offer(member, history(since, historyBytes));
      }
      if (!wasOnline) {
        toEveryone = announce("join", memberName, online, member);
      }
    }
    if (toEveryone) {
      flushMembers();
    } else {
      // Only the newcomer has something new: in a wave of joins, starting every member's writes
      // for each join would cost n² for nothing.
      member.outbound().flush();
    }
    return JoinResult.JOINED;
  }

  /**
   * Under the lock: the history for a join, the newest messages that fit in {@code maxBytes}.
   * Without {@code since}, messages given up to the history budget are a gap too (see {@link
   * HistoryBudget}).
   */
  private OutboundMessage history(Long since, long maxBytes) {
    List<ChatMessage> replay = new ArrayList<>();
    boolean gap;
    if (since == null) {
      replay.addAll(history);
      gap = givenUp && history.size() < historyLimit;
    } else {
      gap = since < floorId;
      for (ChatMessage m : history) {
        if (m.id() > since) {
          replay.add(m);
        }
      }
    }
    return V1Codec.history(replay, gap, maxBytes);
  }

  /**
   * Removes a member; when it was its name's last connection anywhere, the others are told.
   *
   * @return whether the member held a name (its hold on it is gone now)
   */
  public boolean leave(Member member) {
    boolean toEveryone = false;
    synchronized (this) {
      if (!remove(member) || !named.release(member)) {
        return false;
      }
      String memberName = member.name();
      if (!isOnline(memberName)) {
        toEveryone = announce("leave", memberName, onlineNow(), null);
      }
    }
    if (toEveryone) {
      flushMembers();
    }
    return true;
  }

  /**
   * Gives a message the room's next id, keeps it in history and queues it for every member; a
   * client id seen before gets its earlier id back and nothing is sent.
   */
  public Published publish(String from, String text, ClientId cid) {
    Member[] recipients;
    long id;
    long started = System.nanoTime();
    synchronized (this) {
      // A client id is its sender's own: another sender using the same one is not a duplicate.
      String dedupKey = cid == null ? null : cid.sender() + '\u0000' + cid.value();
      if (dedupKey != null) {
        Long earlier = recentClientIds.get(dedupKey);
        if (earlier != null) {
          return new Published(earlier, true);
        }
      }
      long now = System.currentTimeMillis();
      lastActiveMillis = now;
      id = ++lastId;
      if (dedupKey != null) {
        retain(recentClientIds.put(dedupKey, id));
      }
      recipients = append(new ChatMessage(id, now, from, text, cid == null ? null : cid.value()));
    }
    startWrites(recipients, started);
    budget.enforce();
    return new Published(id, false);
  }

  /**
   * Delivers a message the broker has already numbered: keeps it in history and queues it for every
   * member. A message whose id is not newer than the last one is ignored, so a broker may deliver
   * again after a failure without members seeing a message twice.
   */
  public void deliver(ChatMessage message) {
    Member[] recipients;
    long started = System.nanoTime();
    synchronized (this) {
      if (message.id() <= lastId) {
        return;
      }
      lastId = message.id();
      lastActiveMillis = System.currentTimeMillis();
      recipients = append(message);
    }
    startWrites(recipients, started);
    budget.enforce();
  }

  /** Under the lock: keeps a numbered message in history and queues it for every member. */
  private Member[] append(ChatMessage message) {
    remember(message);
    Member[] recipients = members;
    FanOut.enqueue(recipients, new Delivery(message));
    return recipients;
  }

  /** After the lock: starts the writes and records the fan-out. */
  private void startWrites(Member[] recipients, long startedNanos) {
    flushMembers();
    metrics.fannedOut(recipients.length, System.nanoTime() - startedNanos);
  }

  /**
   * Replaces the history with the broker's copy, before the first local member joins.
   *
   * @param recent the newest messages, oldest first
   * @param floor the newest id that is not in {@code recent} (a resume from before it has a gap)
   * @param last the id of the newest message, or the id before the room's first
   * @param others the names online on other nodes, each with the nodes holding it
   */
  public void seed(
      List<ChatMessage> recent, long floor, long last, Map<String, Set<String>> others) {
    synchronized (this) {
      for (ChatMessage dropped : history) {
        retain(-RetainedSize.of(dropped));
      }
      history.clear();
      int skip = Math.max(0, recent.size() - historyLimit);
      floorId = skip == 0 ? floor : recent.get(skip - 1).id();
      for (ChatMessage message : recent.subList(skip, recent.size())) {
        history.addLast(message);
        retain(RetainedSize.of(message));
      }
      lastId = last;
      remoteNames.clear();
      others.forEach((other, nodes) -> remoteNames.put(other, new LinkedHashSet<>(nodes)));
    }
    budget.enforce();
  }

  /** The id of the newest message delivered here. */
  public synchronized long lastId() {
    return lastId;
  }

  /**
   * Another node took a name or let it go (its first connection with the name came, or its last
   * went): updates the online list and tells local members when that changed whether the name is
   * online, not when it only moved between nodes or a node added a window.
   */
  public void remotePresence(boolean joined, String memberName, String node) {
    synchronized (this) {
      boolean wasOnline = isOnline(memberName);
      if (joined) {
        remoteNames.computeIfAbsent(memberName, n -> new LinkedHashSet<>()).add(node);
      } else {
        Set<String> nodes = remoteNames.get(memberName);
        if (nodes == null || !nodes.remove(node)) {
          return;
        }
        if (nodes.isEmpty()) {
          remoteNames.remove(memberName);
        }
      }
      if (wasOnline == isOnline(memberName)
          || !announce(joined ? "join" : "leave", memberName, onlineNow(), null)) {
        return;
      }
    }
    flushMembers();
  }

  /**
   * Replaces what other nodes hold with a fresh reading of the broker (events about it may have
   * been missed), telling local members of each name that came online or went offline meanwhile.
   */
  public void remoteHolders(Map<String, Set<String>> others) {
    boolean toEveryone = false;
    synchronized (this) {
      Set<String> touched = new LinkedHashSet<>(remoteNames.keySet());
      touched.addAll(others.keySet());
      Set<String> wereOnline = new LinkedHashSet<>();
      for (String touchedName : touched) {
        if (isOnline(touchedName)) {
          wereOnline.add(touchedName);
        }
      }
      remoteNames.clear();
      others.forEach((other, nodes) -> remoteNames.put(other, new LinkedHashSet<>(nodes)));
      for (String touchedName : touched) {
        boolean online = isOnline(touchedName);
        if (online != wereOnline.contains(touchedName)) {
          toEveryone |= announce(online ? "join" : "leave", touchedName, onlineNow(), null);
        }
      }
    }
    if (toEveryone) {
      flushMembers();
    }
  }

  /**
   * The broker lost messages between {@link #lastId} and {@code newestMissing} (this node fell
   * behind what it keeps): a resume from before them is told of the gap, and every member is
   * closed, so that it resumes and learns what it missed.
   */
  public void missed(long newestMissing) {
    Member[] everyone;
    synchronized (this) {
      floorId = Math.max(floorId, newestMissing);
      lastId = Math.max(lastId, newestMissing);
      everyone = members;
    }
    for (Member member : everyone) {
      member.onMissedMessages();
    }
  }

  /**
   * Under the lock: tells the v1 members but {@code except} that {@code memberName} came online or
   * went offline. In a room of at most {@link V1Codec#PRESENCE_LIST_LIMIT} names at once, with the
   * online list; in a larger one the change waits up to {@link #PRESENCE_BATCH} with every other
   * change meanwhile, and one event says what each changed name is at that moment: otherwise a wave
   * of n joins (every user of a dead node rejoining here) would be n² frames.
   *
   * @return whether the members have something to send now
   */
  private boolean announce(String event, String memberName, List<String> online, Member except) {
    if (online.size() <= V1Codec.PRESENCE_LIST_LIMIT && presenceChanged.isEmpty()) {
      FanOut.enqueueTo(members, Protocol.V1, except, V1Codec.presence(event, memberName, online));
      return true;
    }
    presenceChanged.add(memberName);
    if (!presenceBatchDue) {
      timer.schedule(this::sendPresenceBatch, PRESENCE_BATCH);
      presenceBatchDue = true;
    }
    return false;
  }

  /** Sends the gathered presence changes: each changed name is now online, or not. */
  private void sendPresenceBatch() {
    synchronized (this) {
      presenceBatchDue = false;
      if (presenceChanged.isEmpty()) {
        return;
      }
      List<String> joined = new ArrayList<>();
      List<String> left = new ArrayList<>();
      for (String changed : presenceChanged) {
        (isOnline(changed) ? joined : left).add(changed);
      }
      presenceChanged.clear();
      FanOut.enqueueTo(members, Protocol.V1, null, V1Codec.presenceChanges(joined, left));
    }
    flushMembers();
  }

  /** Names online in this room: local ones in the order they joined, then other nodes' ones. */
  public synchronized List<String> online() {
    return onlineNow();
  }

  /** Under the lock: whether the name is online here or on another node. */
  private boolean isOnline(String memberName) {
    return named.holds(memberName) || remoteNames.containsKey(memberName);
  }

  private List<String> onlineNow() {
    if (remoteNames.isEmpty()) {
      return List.copyOf(named.names());
    }
    Set<String> all = new LinkedHashSet<>(named.names());
    all.addAll(remoteNames.keySet());
    return List.copyOf(all);
  }

  private void remember(ChatMessage message) {
    if (historyLimit == 0 || forgotten) {
      floorId = message.id();
      return;
    }
    if (history.size() == historyLimit) {
      dropOldest();
    }
    history.addLast(message);
    retain(RetainedSize.of(message));
  }

  private void dropOldest() {
    ChatMessage oldest = history.pollFirst();
    floorId = oldest.id();
    retain(-RetainedSize.of(oldest));
  }

  /**
   * Under the lock: counts bytes this room keeps more (or fewer) in its own and the budget's sum.
   */
  private void retain(long delta) {
    if (forgotten) {
      return;
    }
    retainedBytes += delta;
    budget.add(delta);
  }

  /**
   * For the {@link HistoryBudget}: gives up the oldest history, then the oldest client ids, until
   * {@code wanted} bytes are freed or nothing is left. A resume from before what is left has a gap.
   */
  synchronized void giveUp(long wanted) {
    long freed = 0;
    while (!history.isEmpty() && freed < wanted) {
      long before = retainedBytes;
      dropOldest();
      freed += before - retainedBytes;
      givenUp = true;
    }
    if (freed < wanted) {
      retain(-recentClientIds.giveUp(wanted - freed));
    }
  }

  /**
   * Evicted from the registry: drops what the room keeps from the budget, and keeps nothing more.
   */
  synchronized void forget() {
    retain(-retainedBytes);
    forgotten = true;
    history.clear();
  }

  /**
   * Starts the writes of every member, one thread per room at a time.
   *
   * <p>Fan-outs on several threads at once would walk the same members in the same order and hand
   * each recipient's locks back and forth. Instead, the thread that finds no flush under way
   * flushes for everyone, again as long as others asked meanwhile; the others return at once, and
   * what they queued goes out with the flusher's next pass, gathered into fewer writes.
   */
  private void flushMembers() {
    if (flushRequests.getAndIncrement() != 0) {
      return;
    }
    int handled = 1;
    do {
      FanOut.flush(members);
      handled = flushRequests.addAndGet(-handled);
    } while (handled != 0);
  }

  private void add(Member member) {
    Member[] next = Arrays.copyOf(members, members.length + 1);
    next[members.length] = member;
    members = next;
  }

  private boolean remove(Member member) {
    Member[] current = members;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == member) {
        Member[] next = new Member[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        members = next;
        return true;
      }
    }
    return false;
  }
}
