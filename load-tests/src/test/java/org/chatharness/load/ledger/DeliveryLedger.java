package org.chatharness.load.ledger;

import io.gatling.http.action.ws.WsInboundMessage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToIntFunction;
import org.chatharness.load.protocol.ChatProtocol;

/**
 * The books of a broadcast run, shared by all virtual users: every test message sent (when, in
 * which step), every delivery each user saw, and each sender's latency to its own copy.
 *
 * <p>It answers the completeness question the way the websocket-shootout benchmark does: a user
 * must have received every message sent while it was connected, exactly once. Senders record a
 * message before they send it, and users record what they received, from their own event loop.
 *
 * <pre>{@code
 * ledger.arrived(userId, true);            // after connecting
 * long seq = ledger.newMessage(step, userId); // before sending
 * ledger.delivered(userId, text, ownSeq);  // for every message received
 * ledger.left(userId);                     // after the drain pause
 * String verdict = ledger.verdict(userId); // "complete", or what is missing or doubled
 * }</pre>
 */
public final class DeliveryLedger {
  /** The verdict of a user who got every message once. */
  public static final String COMPLETE = "complete";

  private final ChatProtocol protocol;
  private final LongToIntFunction scopeOfUser;
  private final int expectedUsers;
  private final int expectedSenders;
  private final Latencies[] latencies;
  private final long[] stepFirstNanos;
  private final long[] stepLastNanos;
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger sendersFinished = new AtomicInteger();
  private final ConcurrentHashMap<Long, UserRecord> users = new ConcurrentHashMap<>();
  private long[] sentNanos = new long[4096];
  private int[] stepOf = new int[4096];
  private int[] scopeOf = new int[4096];
  private boolean[] echoed = new boolean[4096];
  // Own-copy latency by message number, so a long run can give percentiles per time window.
  private long[] echoNanos = new long[4096];
  private int sent;

  /** A ledger for one room that every user shares, whichever node it is connected to. */
  public DeliveryLedger(ChatProtocol protocol, int users, int senders, int steps) {
    this(protocol, users, senders, steps, userId -> 0);
  }

  /**
   * @param scopeOfUser which copy of the room a user is in: users only expect messages sent in
   *     their own scope (one scope per node when the nodes do not share rooms)
   */
  public DeliveryLedger(
      ChatProtocol protocol, int users, int senders, int steps, LongToIntFunction scopeOfUser) {
    this.protocol = protocol;
    this.scopeOfUser = scopeOfUser;
    this.expectedUsers = users;
    this.expectedSenders = senders;
    this.latencies = new Latencies[steps];
    this.stepFirstNanos = new long[steps];
    this.stepLastNanos = new long[steps];
    for (int i = 0; i < steps; i++) {
      latencies[i] = new Latencies();
    }
  }

  /** A user has tried to connect; only a connected one is expected to receive anything. */
  public void arrived(long userId, boolean connected) {
    if (connected) {
      users.put(userId, new UserRecord(System.nanoTime(), scopeOfUser.applyAsInt(userId)));
    }
    arrived.incrementAndGet();
  }

  /** True once every user has tried to connect: the send phase may start. */
  public boolean everyoneArrived() {
    return arrived.get() >= expectedUsers;
  }

  /** Users connected so far. */
  public int connectedUsers() {
    return users.size();
  }

  /** A sender is done sending. */
  public void senderFinished() {
    sendersFinished.incrementAndGet();
  }

  /** True once every sender is done: the drain pause may start. */
  public boolean allSendersFinished() {
    return sendersFinished.get() >= expectedSenders;
  }

  /** Numbers a new test message of {@code step} from {@code userId}, noting when it was sent. */
  public synchronized long newMessage(int step, long userId) {
    if (sent == sentNanos.length) {
      sentNanos = Arrays.copyOf(sentNanos, sent * 2);
      stepOf = Arrays.copyOf(stepOf, sent * 2);
      scopeOf = Arrays.copyOf(scopeOf, sent * 2);
      echoed = Arrays.copyOf(echoed, sent * 2);
      echoNanos = Arrays.copyOf(echoNanos, sent * 2);
    }
    long now = System.nanoTime();
    sentNanos[sent] = now;
    stepOf[sent] = step;
    scopeOf[sent] = scopeOfUser.applyAsInt(userId);
    if (stepFirstNanos[step] == 0) {
      stepFirstNanos[step] = now;
    }
    stepLastNanos[step] = now;
    return sent++;
  }

  /** When the first message of {@code step} was sent (System.nanoTime), or 0 when none was. */
  public synchronized long stepStartNanos(int step) {
    return stepFirstNanos[step];
  }

  /** When the last message of {@code step} was sent (System.nanoTime), or 0 when none was. */
  public synchronized long stepEndNanos(int step) {
    return stepLastNanos[step];
  }

  /** The latencies of the senders' own copies in {@code step}. */
  public Latencies latencies(int step) {
    return latencies[step];
  }

  /**
   * The own-copy latencies of the messages sent from {@code fromNanos} (inclusive) to {@code
   * toNanos} (exclusive), System.nanoTime, whatever their step: a long run's latency over time.
   */
  public synchronized Latencies latenciesSentBetween(long fromNanos, long toNanos) {
    Latencies window = new Latencies();
    for (int seq = 0; seq < sent; seq++) {
      if (echoed[seq] && sentNanos[seq] >= fromNanos && sentNanos[seq] < toNanos) {
        window.add(echoNanos[seq]);
      }
    }
    return window;
  }

  /**
   * Records one delivery to {@code userId}; true when it is the copy of {@code ownSeq}, the message
   * this user is waiting for, whose latency is then recorded.
   */
  public boolean delivered(long userId, String text, long ownSeq) {
    long now = System.nanoTime();
    long seq = protocol.sequenceOf(text);
    if (seq < 0) {
      return false;
    }
    UserRecord user = users.get(userId);
    if (user != null) {
      user.record((int) seq);
    }
    if (seq != ownSeq) {
      return false;
    }
    long sentAt;
    int step;
    synchronized (this) {
      sentAt = sentNanos[(int) seq];
      step = stepOf[(int) seq];
      echoed[(int) seq] = true;
      echoNanos[(int) seq] = now - sentAt;
    }
    latencies[step].add(now - sentAt);
    return true;
  }

  /** Records the deliveries that arrived while the user was not waiting for its own copy. */
  public void deliveredAll(long userId, List<WsInboundMessage> messages) {
    for (WsInboundMessage message : messages) {
      if (message instanceof WsInboundMessage.Text text) {
        delivered(userId, text.message(), -1);
      }
    }
  }

  /** The user has stopped counting: messages sent later are not expected of it. */
  public void left(long userId) {
    UserRecord user = users.get(userId);
    if (user != null) {
      user.leave(System.nanoTime());
    }
  }

  /** {@link #COMPLETE}, or how many expected messages the user missed or got twice. */
  public String verdict(long userId) {
    UserRecord user = users.get(userId);
    if (user == null) {
      return "never connected";
    }
    long[] sentAt;
    int[] scopes;
    int total;
    synchronized (this) {
      sentAt = sentNanos;
      scopes = scopeOf;
      total = sent;
    }
    int expected = 0;
    int missing = 0;
    int doubled = 0;
    long firstMissing = -1;
    long left = user.leftNanos();
    for (int seq = 0; seq < total; seq++) {
      if (sentAt[seq] < user.connectedNanos || sentAt[seq] > left || scopes[seq] != user.scope) {
        continue;
      }
      expected++;
      if (!user.received(seq)) {
        missing++;
        if (firstMissing < 0) {
          firstMissing = seq;
        }
      } else if (user.twice(seq)) {
        doubled++;
      }
    }
    if (missing == 0 && doubled == 0) {
      return COMPLETE;
    }
    return "missing "
        + missing
        + " of "
        + expected
        + (firstMissing >= 0 ? " (first #" + firstMissing + ")" : "")
        + ", doubled "
        + doubled;
  }

  /** The verdict of every connected user that is not {@link #COMPLETE}, by user id. */
  public java.util.SortedMap<Long, String> incompleteUsers() {
    java.util.SortedMap<Long, String> incomplete = new java.util.TreeMap<>();
    for (Long userId : users.keySet()) {
      String verdict = verdict(userId);
      if (!COMPLETE.equals(verdict)) {
        incomplete.put(userId, verdict);
      }
    }
    return incomplete;
  }

  /** What the books say about one step, counted over every user that was connected. */
  public synchronized StepTally tally(int step) {
    int messages = 0;
    int echoes = 0;
    long expectedCopies = 0;
    long receivedCopies = 0;
    long missingCopies = 0;
    long doubledCopies = 0;
    for (int seq = 0; seq < sent; seq++) {
      if (stepOf[seq] != step) {
        continue;
      }
      messages++;
      if (echoed[seq]) {
        echoes++;
      }
      for (UserRecord user : users.values()) {
        boolean expected =
            sentNanos[seq] >= user.connectedNanos
                && sentNanos[seq] <= user.leftNanos()
                && scopeOf[seq] == user.scope;
        boolean got = user.received(seq);
        if (expected) {
          expectedCopies++;
          if (!got) {
            missingCopies++;
          }
        }
        if (got) {
          receivedCopies++;
          if (user.twice(seq)) {
            doubledCopies++;
          }
        }
      }
    }
    return new StepTally(
        messages,
        echoes,
        expectedCopies,
        receivedCopies,
        missingCopies,
        doubledCopies,
        latencies[step]);
  }

  /**
   * Totals of one step: copies expected of connected users, copies received (a double counted
   * twice), expected copies that never came, and copies that came more than once.
   */
  public record StepTally(
      int messages,
      int echoes,
      long expectedCopies,
      long receivedCopies,
      long missingCopies,
      long doubledCopies,
      Latencies latencies) {}
}
