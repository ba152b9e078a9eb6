package org.chatharness.server.broker;

/** The shared broker could not be reached; the operation may be retried later. */
public final class BrokerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BrokerUnavailableException(Throwable cause) {
    super("the message store is unavailable (" + cause.getMessage() + ")", cause);
  }
}
