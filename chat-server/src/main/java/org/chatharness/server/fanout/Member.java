package org.chatharness.server.fanout;

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

  /**
   * Who holds the name: the digest of the key it joined with, shared by that person's other
   * connections; {@code null} without a key (or for plain members).
   */
  String owner();

  /** Called once when a message did not fit in the member's queue: close it as too slow. */
  void onSlowConsumer();

  /**
   * Called when the room learnt that messages it should have delivered are lost to this node (it
   * fell behind the broker): close the member, so that it resumes and is told of the gap.
   */
  void onMissedMessages();
}
