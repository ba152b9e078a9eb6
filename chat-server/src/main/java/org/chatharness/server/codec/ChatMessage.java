package org.chatharness.server.codec;

/**
 * One chat message as the room stores and delivers it.
 *
 * @param id increasing by one within the room
 * @param ts server time, milliseconds since the epoch
 * @param from the sender's chat.v1 name, or {@code null} for a plain client
 * @param text the message
 * @param cid the sender's client id for it, or {@code null}
 */
public record ChatMessage(long id, long ts, String from, String text, String cid)
    implements RoomEvent {}
