package org.chatharness.server.broker;

import java.util.concurrent.CompletionStage;
import org.chatharness.server.room.Published;

/**
 * Carries a room's messages to every member of the room, wherever it is connected, and gives each
 * message its id.
 *
 * <p>The in-memory {@link LocalBroker} serves one node; a shared broker lets several nodes serve
 * one room. Either way a room's messages reach all of its members in one order, and the sender
 * learns the outcome: the id, or a failure it must be told about.
 */
public interface Broker extends AutoCloseable {

  /**
   * Publishes a message to a room.
   *
   * @param from the sender's chat.v1 name, or {@code null} for a plain client
   * @param cid the sender's client id for the message, or {@code null}
   */
  CompletionStage<Published> publish(String room, String from, String text, String cid);

  @Override
  default void close() {}
}
