package org.chatharness.server.room;

import org.chatharness.server.codec.Protocol;
import org.chatharness.server.outbound.OutboundQueue;

/** A connection as its room sees it: a protocol, maybe a name, a queue, and ways to drop it. */
public interface Member {

  /** The member's bounded outbound queue. */
  OutboundQueue outbound();

  /** The protocol it speaks, which decides the encoding it receives. */
  Protocol protocol();

  /** Its chat name once joined under chat.v1; {@code null} for plain members. */
  String name();

  /** The secret that lets a new connection take over its name; may be {@code null}. */
  String key();

  /** Called once when a message did not fit in the member's queue: close it as too slow. */
  void onSlowConsumer();

  /** Called when a new connection joined with this member's name and key: close it. */
  void onReplaced();
}
