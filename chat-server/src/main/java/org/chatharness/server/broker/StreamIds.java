package org.chatharness.server.broker;

import io.lettuce.core.StreamMessage;
import java.util.Map;
import org.chatharness.server.codec.ChatMessage;

/**
 * Stream entries as chat messages. A stream id "ms-seq" (Redis's clock in milliseconds and a
 * sequence within that millisecond) is the protocol id {@code ms * 1000 + seq}: increasing like the
 * stream, and in the same scheme as the in-memory broker, whose first id in a room is {@code ms *
 * 1000}. The publish script keeps {@code seq} under 1000.
 */
final class StreamIds {
  /**
   * Entry fields: the text, the sender's name (absent for plain), the client id (optional), and the
   * id of the entry before it in the stream (absent for a stream's first).
   */
  static final String TEXT = "t";

  static final String FROM = "f";
  static final String CID = "c";
  static final String PREVIOUS = "p";

  private StreamIds() {}

  /** The protocol id of a stream id. */
  static long toId(String streamId) {
    int dash = streamId.indexOf('-');
    return Long.parseLong(streamId, 0, dash, 10) * 1000
        + Long.parseLong(streamId, dash + 1, streamId.length(), 10);
  }

  /** The chat message an entry holds; its time is the id's millisecond. */
  static ChatMessage message(StreamMessage<String, String> entry) {
    long id = toId(entry.getId());
    Map<String, String> body = entry.getBody();
    return new ChatMessage(id, id / 1000, body.get(FROM), body.get(TEXT), body.get(CID));
  }
}
