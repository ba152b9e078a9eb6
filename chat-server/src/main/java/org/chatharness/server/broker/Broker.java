package org.chatharness.server.broker;

/**
 * Carries a room's messages to every member of the room, wherever it is connected.
 *
 * <p>The in-memory {@link LocalBroker} serves one node; a shared broker lets several nodes serve
 * one room. Either way a room's messages reach all of its members in one order.
 */
public interface Broker extends AutoCloseable {

  /** Publishes a plain-text message to a room. */
  void publish(String room, String text);

  @Override
  default void close() {}
}
