package org.chatharness.load.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.chatharness.load.ledger.Latencies;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.load.protocol.V1Protocol.Frame;
import org.chatharness.load.protocol.V1Protocol.Replayed;

/**
 * The books of a chaos run, shared by all virtual users and the chaos schedule: every test message
 * sent and the id its acknowledgement gave it, what each user received, which node each user is on
 * and whether that node has been killed under it, and how long reconnecting took.
 *
 * <p>Completeness is judged at the end: every message sent was acknowledged (nothing lost on the
 * way in), and every user received every acknowledged message with an id after its first welcome's
 * {@code lastId} exactly once, with ids increasing (nothing lost or doubled on the way out, across
 * its reconnects), and sees exactly the users in the room as online (its last welcome's list with
 * the presence events since applied).
 *
 * <pre>{@code
 * ledger.connecting(userId, node);            // before each connect
 * ledger.receive(userId, frame);              // every frame; Frame.HISTORY ends a join
 * long seq = ledger.newMessage(userId);       // before sending; re-send ledger.unacked(userId)
 * ledger.kill(node, () -> cluster.kill(node)); // the schedule
 * ledger.lost(userId);                      // its socket closed: reconnect, join with since(userId)
 * String verdict = ledger.verdict(userId);    // "complete", or what is wrong
 * }</pre>
 */
public final class ChaosLedger {
  /** The verdict of a user who got every acknowledged message once. */
  public static final String COMPLETE = "complete";

  private final V1Protocol protocol;
  private final int expectedUsers;
  private final int expectedSenders;
  private final LongSupplier clock;
  private final AtomicIntegerArray incarnations;
  private final AtomicLongArray killedNanos;
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger sendersFinished = new AtomicInteger();
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger resends = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private final ConcurrentHashMap<Long, UserBooks> users = new ConcurrentHashMap<>();
  private final Latencies reconnectTimes = new Latencies();
  private long[] ackedId = new long[4096];
  private int sent;
  private int acked;
  private int duplicateAcks;
  private int conflictingAcks;
  private volatile boolean chaosDone;

  public ChaosLedger(V1Protocol protocol, int users, int senders, int nodes) {
    this(protocol, users, senders, nodes, System::nanoTime);
  }

  /**
   * @param clock {@link System#nanoTime} but in tests
   */
  public ChaosLedger(V1Protocol protocol, int users, int senders, int nodes, LongSupplier clock) {
    this.protocol = protocol;
    this.expectedUsers = users;
    this.expectedSenders = senders;
    this.clock = clock;
    this.incarnations = new AtomicIntegerArray(nodes);
    this.killedNanos = new AtomicLongArray(nodes);
  }

  // --- connections

  /** The user is about to connect to {@code node}. */
  public void connecting(long userId, int node) {
    UserBooks user = books(userId);
    user.connecting(node, incarnations.get(node));
    user.note("connecting to node " + node);
  }

  /** The node the user connected to last. */
  public int nodeOf(long userId) {
    return books(userId).node();
  }

  /** The user tried its first connection and join; only a joined one is expected to receive. */
  public void arrived(long userId) {
    arrived.incrementAndGet();
  }

  /** True once every user has tried to connect: sending may start. */
  public boolean everyoneArrived() {
    return arrived.get() >= expectedUsers;
  }

  /** True while the user is in the room on its current connection. */
  public boolean isJoined(long userId) {
    UserBooks user = users.get(userId);
    return user != null && user.isJoined();
  }

  /** The user's connection is gone: it will reconnect and resume. */
  public void lost(long userId) {
    UserBooks user = books(userId);
    long killed = killedNanos.get(user.node());
    boolean byKill = incarnations.get(user.node()) != user.incarnation() && killed != 0;
    user.lost(byKill ? killed : clock.getAsLong());
    user.note(
        "lost node " + user.node() + (byKill ? " (killed)" : "") + " after id " + user.since());
  }

  /** The id after which the user's resume starts: the newest it received. */
  public long since(long userId) {
    UserBooks user = books(userId);
    long since = user.since();
    user.note("joins since " + since);
    return since;
  }

  // --- the chaos schedule

  /**
   * Kills {@code node} with {@code kill}. The node's incarnation changes before and after, so that
   * a user who connected to it before the end of the kill times its reconnect from the kill.
   */
  public void kill(int node, Runnable kill) {
    long now = clock.getAsLong();
    killedNanos.set(node, now);
    incarnations.incrementAndGet(node);
    try {
      kill.run();
    } finally {
      incarnations.incrementAndGet(node);
      kills.incrementAndGet();
    }
  }

  /** The schedule has run its course; every node is up again. */
  public void chaosDone() {
    chaosDone = true;
  }

  public boolean isChaosDone() {
    return chaosDone;
  }

  // --- frames

  /** Records one frame the server sent the user, and says what it was. */
  public Frame receive(long userId, String frame) {
    Frame kind = protocol.frameOf(frame);
    UserBooks user = books(userId);
    // Presence is left out: a join wave brings a thousand of them. A history tells its own.
    if (kind != Frame.OTHER
        && kind != Frame.PRESENCE
        && kind != Frame.HISTORY
        && (kind != Frame.MESSAGE || user.tellsLiveMessage())) {
      user.note(describe(kind, frame));
    }
    switch (kind) {
      case MESSAGE -> user.message(protocol.idOf(frame), protocol.sequenceOf(frame));
      case ACK -> ack(protocol.ackedSequence(frame), protocol.idOf(frame), frame);
      case WELCOME -> {
        user.welcome(protocol.welcomeLastId(frame));
        user.onlineIs(userIds(protocol.welcomeOnline(frame)));
      }
      case PRESENCE -> {
        V1Protocol.Presence presence = protocol.presence(frame);
        if (presence.online() != null) {
          user.onlineIs(userIds(presence.online()));
        } else {
          user.onlineChanged(userIds(presence.joined()), userIds(presence.left()));
        }
      }
      case HISTORY -> history(userId, protocol.history(frame));
      case ERROR -> {
        long seq = protocol.erroredSequence(frame);
        if (seq >= 0) {
          refusals.incrementAndGet();
          books(userId).refused((int) seq);
        }
      }
      default -> {}
    }
    return kind;
  }

  private String describe(Frame kind, String frame) {
    return switch (kind) {
      case MESSAGE -> "message id " + protocol.idOf(frame) + " #" + protocol.sequenceOf(frame);
      case ACK -> "ack #" + protocol.ackedSequence(frame) + " id " + protocol.idOf(frame);
      case WELCOME -> "welcome lastId " + protocol.welcomeLastId(frame);
      case ERROR -> "error " + frame;
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The virtual users among {@code names} (names not of this harness are left out). */
  private List<Long> userIds(List<String> names) {
    List<Long> ids = new ArrayList<>(names.size());
    for (String name : names) {
      long id = protocol.userIdOf(name);
      if (id >= 0) {
        ids.add(id);
      }
    }
    return ids;
  }

  private void history(long userId, V1Protocol.History history) {
    UserBooks user = books(userId);
    List<Replayed> replayed = history.messages();
    user.note(
        "history of "
            + replayed.size()
            + (replayed.isEmpty()
                ? ""
                : " (ids "
                    + replayed.get(0).id()
                    + ".."
                    + replayed.get(replayed.size() - 1).id()
                    + ")")
            + (history.gap() ? " gap" : ""));
    boolean resumed = user.everJoined();
    for (Replayed m : replayed) {
      // A first join's history is older than the user's baseline; a resume must hold only news.
      if (resumed || m.id() > user.since()) {
        user.message(m.id(), m.seq());
      }
    }
    long lostAt = user.joined(history.gap());
    if (lostAt != 0) {
      reconnectTimes.add(clock.getAsLong() - lostAt);
    }
  }

  private synchronized void ack(long seq, long id, String frame) {
    if (seq < 0 || seq >= sent) {
      return;
    }
    if (protocol.isDuplicateAck(frame)) {
      duplicateAcks++;
    }
    if (ackedId[(int) seq] == 0) {
      ackedId[(int) seq] = id;
      acked++;
    } else if (ackedId[(int) seq] != id) {
      conflictingAcks++;
    }
  }

  // --- sending

  /** Numbers a new test message of {@code userId}. */
  public long newMessage(long userId) {
    int seq;
    synchronized (this) {
      if (sent == ackedId.length) {
        ackedId = Arrays.copyOf(ackedId, sent * 2);
      }
      seq = sent++;
    }
    UserBooks user = books(userId);
    user.sent(seq);
    user.note("sends #" + seq);
    return seq;
  }

  /** The user's messages not acknowledged yet: after a rejoin, all of them are sent again. */
  public List<Long> unacked(long userId) {
    List<Long> unacked = new ArrayList<>();
    for (int seq : books(userId).own()) {
      if (!isAcked(seq)) {
        unacked.add((long) seq);
      }
    }
    return unacked;
  }

  /**
   * The user's last {@code count} acknowledged messages: re-sent after a rejoin as by a client that
   * lost its acks with the connection, they must be acknowledged as duplicates with their first id
   * and never delivered again (the server's cid deduplication, across nodes).
   */
  public List<Long> lastAcked(long userId, int count) {
    List<Long> acked = new ArrayList<>();
    List<Integer> own = books(userId).own();
    for (int i = own.size() - 1; i >= 0 && acked.size() < count; i--) {
      if (isAcked(own.get(i))) {
        acked.add(0, (long) own.get(i));
      }
    }
    return acked;
  }

  /** The user's messages the server refused with an error (not sent; send them again). */
  public List<Long> refused(long userId) {
    List<Long> refused = new ArrayList<>();
    for (int seq : books(userId).takeRefused()) {
      if (!isAcked(seq)) {
        refused.add((long) seq);
      }
    }
    return refused;
  }

  /** The user sends {@code seqs} again with their cids. */
  public void resending(long userId, List<Long> seqs) {
    resends.addAndGet(seqs.size());
    if (!seqs.isEmpty()) {
      books(userId).note("sends again " + seqs.stream().map(seq -> "#" + seq).toList());
    }
  }

  private synchronized boolean isAcked(int seq) {
    return ackedId[seq] != 0;
  }

  /** A sender is done: it sent all it had to and each was acknowledged (or it gave up waiting). */
  public void senderFinished() {
    sendersFinished.incrementAndGet();
  }

  public boolean allSendersFinished() {
    return sendersFinished.get() >= expectedSenders;
  }

  // --- judging

  /** {@link #COMPLETE}, or what the user missed, got twice or out of order. */
  public String verdict(long userId) {
    UserBooks user = users.get(userId);
    if (user == null || user.baseline() < 0) {
      return "never joined";
    }
    if (!user.isJoined()) {
      return "not in the room at the end";
    }
    long[] ids;
    int total;
    synchronized (this) {
      ids = ackedId;
      total = sent;
    }
    int expected = 0;
    int missing = 0;
    int doubled = 0;
    int unacknowledged = 0;
    SeqRanges missed = new SeqRanges();
    for (int seq = 0; seq < total; seq++) {
      if (ids[seq] == 0) {
        unacknowledged += user.received(seq) ? 1 : 0;
        continue;
      }
      if (ids[seq] <= user.baseline()) {
        continue;
      }
      expected++;
      if (!user.received(seq)) {
        missing++;
        missed.add(seq);
      } else if (user.twice(seq)) {
        doubled++;
      }
    }
    String onlineList = onlineListVerdict(user);
    if (missing == 0
        && doubled == 0
        && user.outOfOrder() == 0
        && user.gaps() == 0
        && onlineList.isEmpty()) {
      return COMPLETE;
    }
    return String.format(
        Locale.ROOT,
        "missing %d of %d%s, doubled %d, out of order %d, gaps %d, received unacknowledged %d%s",
        missing,
        expected,
        missing > 0 ? " (" + missed + ")" : "",
        doubled,
        user.outOfOrder(),
        user.gaps(),
        unacknowledged,
        onlineList);
  }

  /**
   * Empty when the user sees exactly the users in the room at the end as online (every user that
   * joined and has not lost its connection), else what its list lacks and has too many. Judged
   * before anyone leaves: the simulation closes no connection until every user was judged.
   */
  private String onlineListVerdict(UserBooks user) {
    BitSet expected = new BitSet();
    users.forEach(
        (userId, books) -> {
          if (books.isJoined()) {
            expected.set(Math.toIntExact(userId));
          }
        });
    BitSet seen = user.online();
    BitSet lacking = (BitSet) expected.clone();
    lacking.andNot(seen);
    BitSet extra = seen;
    extra.andNot(expected);
    if (lacking.isEmpty() && extra.isEmpty()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; online list lacks %d%s and has %d too many%s",
        lacking.cardinality(),
        lacking.isEmpty() ? "" : " (first " + protocol.userName(lacking.nextSetBit(0)) + ")",
        extra.cardinality(),
        extra.isEmpty() ? "" : " (first " + protocol.userName(extra.nextSetBit(0)) + ")");
  }

  /**
   * What the user did and was told, with times: each connection and the node, each join's {@code
   * since}, each welcome, history (ids and gap), error and lost connection, and the first few live
   * messages after each join. It explains an incomplete user beside the nodes' logs.
   */
  public List<String> story(long userId) {
    UserBooks user = users.get(userId);
    return user == null ? List.of() : user.story();
  }

  /** The users that are not complete. */
  public List<Long> incomplete() {
    return users.keySet().stream()
        .sorted()
        .filter(userId -> !COMPLETE.equals(verdict(userId)))
        .toList();
  }

  /** Up to {@code max} users that are not complete, each with its verdict. */
  public List<String> incompleteUsers(int max) {
    return users.keySet().stream()
        .sorted()
        .filter(userId -> !COMPLETE.equals(verdict(userId)))
        .limit(max)
        .map(userId -> "user " + userId + ": " + verdict(userId))
        .toList();
  }

  /** The run's totals, for the summary. */
  public synchronized Totals totals() {
    int joined = 0;
    int complete = 0;
    int gaps = 0;
    int reconnects = 0;
    int outOfOrder = 0;
    for (long userId : users.keySet()) {
      UserBooks user = users.get(userId);
      joined += user.baseline() >= 0 ? 1 : 0;
      complete += COMPLETE.equals(verdict(userId)) ? 1 : 0;
      gaps += user.gaps();
      reconnects += user.reconnects();
      outOfOrder += user.outOfOrder();
    }
    return new Totals(
        sent,
        acked,
        duplicateAcks,
        conflictingAcks,
        resends.get(),
        refusals.get(),
        kills.get(),
        joined,
        complete,
        reconnects,
        (int) reconnectTimes.count(),
        reconnectTimes.percentileMillis(50),
        reconnectTimes.percentileMillis(100),
        gaps,
        outOfOrder);
  }

  /**
   * Totals of a run: messages sent and acknowledged (once each; duplicate acks answer re-sends of
   * messages that had got through), re-sends, refusals, kills, users joined and complete,
   * reconnects and how long they took (from the kill to the end of the resumed join, in ms),
   * resumes that reported a gap, and messages received out of order.
   */
  public record Totals(
      int sent,
      int acked,
      int duplicateAcks,
      int conflictingAcks,
      int resends,
      int refusals,
      int kills,
      int joinedUsers,
      int completeUsers,
      int reconnects,
      int timedReconnects,
      double reconnectP50Millis,
      double reconnectMaxMillis,
      int gaps,
      int outOfOrder) {}

  private UserBooks books(long userId) {
    return users.computeIfAbsent(userId, id -> new UserBooks());
  }

  /** Test numbers as runs, {@code #3-#7, #9}, the first few of them. */
  static final class SeqRanges {
    private static final int SHOWN = 4;
    private final List<int[]> runs = new ArrayList<>();

    void add(int seq) {
      int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[1] == seq - 1) {
        last[1] = seq;
      } else {
        runs.add(new int[] {seq, seq});
      }
    }

    @Override
    public String toString() {
      List<String> shown = new ArrayList<>();
      for (int[] run : runs.subList(0, Math.min(SHOWN, runs.size()))) {
        shown.add(run[0] == run[1] ? "#" + run[0] : "#" + run[0] + "-#" + run[1]);
      }
      if (runs.size() > SHOWN) {
        shown.add("and " + (runs.size() - SHOWN) + " more runs");
      }
      return String.join(", ", shown);
    }
  }
}
