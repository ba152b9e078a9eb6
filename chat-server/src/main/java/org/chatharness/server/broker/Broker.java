package org.chatharness.server.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.room.RoomFeed;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Gives each message of a room its id and carries it to every member of the room, wherever it is
 * connected: ids, duplicate suppression and the order live here; delivery to this node's members is
 * the {@link RoomFeed}'s, which both brokers feed the same way.
 *
 * <p>The in-memory {@link LocalBroker} serves one node; a shared broker ({@link RedisBroker}) lets
 * several nodes serve one room. Either way a room's messages reach all of its members in one order,
 * and the sender learns the outcome: the id, or a failure it must be told about.
 *
 * <p>A connection {@link #enter}s its room before it becomes a member and {@link #exit}s it when it
 * ends, so a shared broker follows exactly the rooms this node has members in. A chat.v1 connection
 * also {@link #claim}s its name before it joins, and {@link #release}s it when it leaves: a shared
 * broker keeps a name to one owner across all nodes.
 *
 * <p>A broker is a lifecycle bean of the server: it connects to what it needs when it starts, and
 * lets go when it stops.
 */
public interface Broker extends LifeCycle {

  /** What {@link #enter} returns for a room that is current already: one shared, finished stage. */
  CompletionStage<Void> CURRENT = CompletableFuture.completedStage(null);

  /**
   * Publishes a message to a room.
   *
   * @param from the sender's chat.v1 name, or {@code null} for a plain client
   * @param cid the sender's client id for the message, or {@code null}
   */
  CompletionStage<Published> publish(String room, String from, String text, ClientId cid);

  /**
   * Prepares this node to have a member in {@code room}; completes when the room's history is
   * current, or exceptionally when the room cannot be reached. Every call needs one {@link #exit}.
   */
  default CompletionStage<Void> enter(String room) {
    return CURRENT;
  }

  /**
   * Whether {@code room} is current on this node already, so that a member entering it now would
   * not wait. Asks, and changes nothing.
   */
  default boolean isCurrent(String room) {
    return true;
  }

  /** A member that {@link #enter}ed {@code room} has gone. */
  default void exit(String room) {}

  /**
   * Claims {@code name} in {@code room} for a connection about to join under it: {@link
   * JoinResult#JOINED} when the name is free everywhere, or held by the same owner's other
   * connections (fewer than the limit); else why not. Completes exceptionally when that cannot be
   * found out. A granted claim needs one {@link #release}. The in-memory broker leaves it all to
   * the room.
   *
   * @param owner the digest of the connection's key, or {@code null} without one
   * @param connection the connection's id, unique in the cluster
   */
  default CompletionStage<JoinResult> claim(
      String room, String name, String owner, String connection) {
    return CompletableFuture.completedFuture(JoinResult.JOINED);
  }

  /** The connection's hold on {@code name} ended (it left, or its join did not go through). */
  default void release(String room, String name, String connection) {}

  /**
   * This node forgot {@code room} (no one held it, and its place was needed): drop what is kept for
   * it here. Called while the name cannot be held again, so nothing races the drop.
   */
  default void forget(String room) {}

  /** For {@code /health}: {@code null} when there is nothing to report, else a short state. */
  default BrokerStatus status() {
    return null;
  }
}
