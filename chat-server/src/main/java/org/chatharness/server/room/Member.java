package org.chatharness.server.room;

import org.chatharness.server.outbound.OutboundQueue;

/** A connection as its room sees it: somewhere to put messages, and a way to drop it. */
public interface Member {

  /** The member's bounded outbound queue. */
  OutboundQueue outbound();

  /** Called once when a message did not fit in the member's queue: close it as too slow. */
  void onSlowConsumer();
}
