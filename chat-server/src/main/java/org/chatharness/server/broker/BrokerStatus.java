package org.chatharness.server.broker;

/**
 * How a shared broker is doing, for {@code /health}.
 *
 * @param available whether messages can be published now
 * @param description a short text such as {@code redis: ok} or {@code redis: unavailable}
 */
public record BrokerStatus(boolean available, String description) {}
