package org.chatharness.load.ledger;

import io.gatling.http.action.ws.WsInboundMessage;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongToIntFunction;
import org.chatharness.load.protocol.ChatProtocol;

/**
 * The books of a broadcast run, shared by all virtual users: every test message sent (when, by
 * whom, in which step), every delivery each user saw, and the run's one latency figure.
 *
 * <p>Completeness is judged as the websocket-shootout benchmark does: a user must have received
 * every message sent while it was connected, exactly once (with {@code echo} off, except its own).
 * The latency figure is the senders' own copies with {@code echo} on (timed in nanoseconds when the
 * copy matches the sender's check), and every delivery to another user with {@code echo} off (timed
 * by Gatling's receive timestamp, milliseconds).
 *
 * <pre>{@code
 * ledger.joined(userId, true);                // after connecting (and joining)
 * long seq = ledger.newMessage(step, userId); // before sending
 * ledger.received(userId, text, seq);         // in a sender's check: true for its own copy
 * ledger.receivedAll(userId, frames);         // what arrived while no check waited
 * ledger.left(userId);                        // after the drain pause
 * String verdict = ledger.verdict(userId);    // "complete", or what is missing or doubled
 * }</pre>
 */
public final class DeliveryLedger {
  /** The verdict of a user who got every message once. */
  public static final String COMPLETE = "complete";

  private final ChatProtocol protocol;
  private final boolean echo;
  private final LongToIntFunction scopeOfUser;
  private final int expectedUsers;
  private final int expectedSenders;
  private final Latencies[] latencies;
  private final long[] stepFirstNanos;
  private final long[] stepLastNanos;
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger sendersFinished = new AtomicInteger();
  private final ConcurrentHashMap<Long, UserRecord> users = new ConcurrentHashMap<>();
  private final AtomicReference<Latencies> window = new AtomicReference<>(new Latencies());
  private long[] sentNanos = new long[4096];
  private long[] sentMillis = new long[4096];
  private int[] stepOf = new int[4096];
  private int[] scopeOf = new int[4096];
  private long[] senderOf = new long[4096];
  private boolean[] echoed = new boolean[4096];
  private int sent;

  /**
   * @param echo whether the server sends a sender its own messages (see the class comment)
   * @param scopeOfUser which copy of the room a user is in: users only expect messages sent in
   *     their own scope (one scope per node when the nodes do not share rooms)
   */
  public DeliveryLedger(
      ChatProtocol protocol,
      boolean echo,
      int users,
      int senders,
      int steps,
      LongToIntFunction scopeOfUser) {
    this.protocol = protocol;
    this.echo = echo;
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

  /** A user has tried to connect (and join); only a connected one is expected to receive. */
  public void joined(long userId, boolean connected) {
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
      int size = sent * 2;
      sentNanos = Arrays.copyOf(sentNanos, size);
      sentMillis = Arrays.copyOf(sentMillis, size);
      stepOf = Arrays.copyOf(stepOf, size);
      scopeOf = Arrays.copyOf(scopeOf, size);
      senderOf = Arrays.copyOf(senderOf, size);
      echoed = Arrays.copyOf(echoed, size);
    }
    long now = System.nanoTime();
    sentNanos[sent] = now;
    sentMillis[sent] = System.currentTimeMillis();
    stepOf[sent] = step;
    scopeOf[sent] = scopeOfUser.applyAsInt(userId);
    senderOf[sent] = userId;
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

  /** The latencies of {@code step}. */
  public Latencies latencies(int step) {
    return latencies[step];
  }

  /** The latencies recorded since the last call: a long run's latency over time. */
  public Latencies takeWindow() {
    return window.getAndSet(new Latencies());
  }

  /**
   * Records one delivery to {@code userId} seen by its check; true when it is the copy of {@code
   * ownSeq}, the message this sender waits for, whose latency is then recorded.
   */
  public boolean received(long userId, String text, long ownSeq) {
    long now = System.nanoTime();
    long seq = protocol.sequenceOf(text);
    if (seq < 0) {
      return false;
    }
    record(userId, seq);
    if (seq != ownSeq) {
      return false;
    }
    long latency;
    int step;
    synchronized (this) {
      latency = now - sentNanos[(int) seq];
      step = stepOf[(int) seq];
      echoed[(int) seq] = true;
    }
    addLatency(step, latency);
    return true;
  }

  /**
   * Records the deliveries that arrived while no check waited; with {@code echo} off, each one's
   * latency from its Gatling receive timestamp, and a user's own messages are left out.
   */
  public void receivedAll(long userId, List<WsInboundMessage> messages) {
    for (WsInboundMessage message : messages) {
      if (!(message instanceof WsInboundMessage.Text text)) {
        continue;
      }
      long seq = protocol.sequenceOf(text.message());
      if (seq < 0) {
        continue;
      }
      if (echo) {
        record(userId, seq);
        continue;
      }
      long latency;
      int step;
      synchronized (this) {
        if (seq >= sent || senderOf[(int) seq] == userId) {
          continue;
        }
        latency = (text.timestamp() - sentMillis[(int) seq]) * 1_000_000;
        step = stepOf[(int) seq];
      }
      record(userId, seq);
      addLatency(step, latency);
    }
  }

  private void record(long userId, long seq) {
    UserRecord user = users.get(userId);
    if (user != null) {
      user.record((int) seq);
    }
  }

  private void addLatency(int step, long nanos) {
    latencies[step].add(nanos);
    window.get().add(nanos);
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
    int expected = 0;
    int missing = 0;
    int doubled = 0;
    long firstMissing = -1;
    synchronized (this) {
      for (int seq = 0; seq < sent; seq++) {
        if (!expectedOf(user, userId, seq)) {
          continue;
        }
        expected++;
        if (!user.received(seq)) {
          missing++;
          firstMissing = firstMissing < 0 ? seq : firstMissing;
        } else if (user.twice(seq)) {
          doubled++;
        }
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

  private boolean expectedOf(UserRecord user, long userId, int seq) {
    return sentNanos[seq] >= user.connectedNanos
        && sentNanos[seq] <= user.leftNanos()
        && scopeOf[seq] == user.scope
        && (echo || senderOf[seq] != userId);
  }

  /** The verdict of every connected user that is not {@link #COMPLETE}, by user id. */
  public SortedMap<Long, String> incompleteUsers() {
    SortedMap<Long, String> incomplete = new TreeMap<>();
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
    int unanswered = 0;
    long expectedCopies = 0;
    long receivedCopies = 0;
    long missingCopies = 0;
    long doubledCopies = 0;
    for (int seq = 0; seq < sent; seq++) {
      if (stepOf[seq] != step) {
        continue;
      }
      messages++;
      unanswered += echo && !echoed[seq] ? 1 : 0;
      for (var entry : users.entrySet()) {
        UserRecord user = entry.getValue();
        boolean got = user.received(seq);
        if (expectedOf(user, entry.getKey(), seq)) {
          expectedCopies++;
          missingCopies += got ? 0 : 1;
        }
        if (got) {
          receivedCopies++;
          doubledCopies += user.twice(seq) ? 1 : 0;
        }
      }
    }
    return new StepTally(
        messages,
        unanswered,
        expectedCopies,
        receivedCopies,
        missingCopies,
        doubledCopies,
        latencies[step]);
  }

  /**
   * Totals of one step: messages sent, own copies that did not come back in time (echo on), copies
   * expected of connected users, copies received (a double counted once; see doubledCopies),
   * expected copies that never came, and copies that came more than once.
   */
  public record StepTally(
      int messages,
      int ownCopiesLate,
      long expectedCopies,
      long receivedCopies,
      long missingCopies,
      long doubledCopies,
      Latencies latencies) {}
}
