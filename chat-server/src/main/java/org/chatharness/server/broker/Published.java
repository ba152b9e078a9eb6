package org.chatharness.server.broker;

/**
 * The room's answer to a published message.
 *
 * @param id the id the message has in the room
 * @param duplicate whether the client id had been accepted before, so nothing was broadcast
 */
public record Published(long id, boolean duplicate) {}
