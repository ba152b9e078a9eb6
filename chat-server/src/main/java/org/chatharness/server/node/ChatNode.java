package org.chatharness.server.node;

import java.util.concurrent.CompletionStage;
import org.chatharness.server.broker.Broker;
import org.chatharness.server.broker.BrokerStatus;
import org.chatharness.server.broker.ClientId;
import org.chatharness.server.broker.LocalBroker;
import org.chatharness.server.broker.Published;
import org.chatharness.server.broker.RedisBroker;
import org.chatharness.server.broker.StreamLimits;
import org.chatharness.server.config.Cluster;
import org.chatharness.server.config.Limits;
import org.chatharness.server.fanout.Member;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.HistoryBudget;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.room.RoomRegistry;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * This node: the rooms it keeps and the broker that numbers their messages and carries them between
 * nodes, behind the one door a connection uses. A connection holds its room, joins it, publishes to
 * it and lets it go, the same way whichever broker is configured; the broker delivers every room's
 * messages back through the {@link RoomRegistry}, the same way too.
 *
 * <pre>{@code
 * RoomHold hold = node.hold("lobby");          // kept, and made current by the broker
 * node.joinPlain(hold, connection);            // or node.join(hold, connection, id, since, max)
 * node.publish("lobby", null, "hello", null);  // numbered by the broker, delivered to every member
 * node.release(hold, connection, null);        // leaves, and lets the room go
 * }</pre>
 *
 * <p>A lifecycle bean of the server, with the broker as its own.
 */
public final class ChatNode extends ContainerLifeCycle {
  private final HistoryBudget budget;
  private final RoomRegistry rooms;
  private final Broker broker;

  public ChatNode(Limits limits, Cluster cluster, ChatMetrics metrics, Timer timer) {
    this.budget = new HistoryBudget(limits.historyBudgetBytes());
    this.rooms =
        new RoomRegistry(
            limits.historySize(), budget, limits.maxRooms(), metrics, timer, this::forgotten);
    this.broker =
        cluster.isLocal()
            ? new LocalBroker(rooms, budget)
            : new RedisBroker(
                cluster.broker(),
                rooms,
                metrics,
                limits.historySize(),
                cluster.presenceTimeout(),
                new StreamLimits(cluster.streamLength(), cluster.roomTtl(), cluster.maxRooms()),
                timer);
    addBean(broker);
    metrics.gauge("chat.rooms", "Rooms held", rooms, RoomRegistry::size);
    metrics.gauge(
        "chat.history.bytes",
        "Bytes the rooms keep for history and client ids (estimated)",
        budget,
        HistoryBudget::usedBytes);
    metrics.gauge(
        "chat.history.budget.bytes",
        "The most bytes the rooms keep for history and client ids",
        budget,
        HistoryBudget::limitBytes);
  }

  private void forgotten(String room) {
    broker.forget(room);
  }

  /** Whether a connection to the named room can be accepted without exceeding the room limit. */
  public boolean canHost(String room) {
    return rooms.canHost(room);
  }

  /** Whether a member entering {@code room} now would find it current at once. Changes nothing. */
  public boolean isCurrent(String room) {
    return broker.isCurrent(room);
  }

  /** Holds the named room and asks the broker to make it current; end it with a release. */
  public RoomHold hold(String room) {
    return new RoomHold(rooms.hold(room), broker.enter(room));
  }

  /**
   * Makes a plain member of the room now, if it is current; returns whether it did (not for a room
   * still being fetched, or one that could not be, or a hold released meanwhile).
   */
  public boolean joinPlain(RoomHold hold, Member member) {
    if (!isDone(hold.ready())) {
      return false;
    }
    synchronized (hold) {
      if (hold.state != RoomHold.HELD) {
        return false;
      }
      hold.room.addPlain(member);
      hold.state = RoomHold.JOINED;
      return true;
    }
  }

  /**
   * Joins the room under the member's name once it is current: the broker claims the name across
   * the cluster, then the room admits it and queues the welcome and history. Completes with why not
   * ({@link JoinResult#ABANDONED} when the hold was released meanwhile), or exceptionally when the
   * broker cannot be reached; a claim that does not lead to a membership is released.
   *
   * @param holder the connection's id, unique in the cluster, that holds the name's claim
   */
  public CompletionStage<JoinResult> join(
      RoomHold hold, Member member, String holder, Long since, int maxMessageBytes) {
    String room = hold.room.name();
    return hold.ready()
        .thenCompose(current -> broker.claim(room, member.name(), member.owner(), holder))
        .thenApply(
            claimed ->
                claimed == JoinResult.JOINED
                    ? joinClaimed(hold, member, holder, since, maxMessageBytes)
                    : claimed);
  }

  private JoinResult joinClaimed(
      RoomHold hold, Member member, String holder, Long since, int maxMessageBytes) {
    String room = hold.room.name();
    synchronized (hold) {
      if (hold.state != RoomHold.HELD) {
        broker.release(room, member.name(), holder);
        return JoinResult.ABANDONED;
      }
      // Before the welcome is queued: the client may send as soon as it reads it, and when the
      // room had to be fetched this runs on another thread than the one reading its messages.
      hold.state = RoomHold.JOINED;
      JoinResult joined = hold.room.join(member, member.name(), since, maxMessageBytes);
      if (joined != JoinResult.JOINED) {
        hold.state = RoomHold.HELD;
        broker.release(room, member.name(), holder);
      }
      return joined;
    }
  }

  /**
   * Ends a hold, once: leaves the room if the member joined it (releasing the name's claim when it
   * was the member's), then lets the broker and the registry let the room go.
   *
   * @param member the connection that held it, or {@code null} for a hold no member used
   * @param holder the connection's id for its name's claim, or {@code null} for a plain one
   */
  public void release(RoomHold hold, Member member, String holder) {
    boolean joined;
    synchronized (hold) {
      if (hold.state == RoomHold.RELEASED) {
        return;
      }
      joined = hold.state == RoomHold.JOINED;
      hold.state = RoomHold.RELEASED;
    }
    String room = hold.room.name();
    String name = member == null ? null : member.name();
    if (joined && hold.room.leave(member) && holder != null) {
      broker.release(room, name, holder);
    }
    broker.exit(room);
    rooms.release(hold.room);
  }

  /**
   * Publishes a message to a room through the broker, which numbers it and delivers it to every
   * member, here and on other nodes.
   *
   * @param from the sender's chat.v1 name, or {@code null} for a plain client
   * @param cid the sender's client id for the message, or {@code null}
   */
  public CompletionStage<Published> publish(String room, String from, String text, ClientId cid) {
    return broker.publish(room, from, text, cid);
  }

  /** For {@code /health}: the broker's state, or {@code null} when it has none to report. */
  public BrokerStatus status() {
    return broker.status();
  }

  private static boolean isDone(CompletionStage<Void> stage) {
    var future = stage.toCompletableFuture();
    return future.isDone() && !future.isCompletedExceptionally();
  }
}
