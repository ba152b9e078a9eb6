package org.chatharness.server.broker;

/** The shared broker could not be reached; the operation may be retried later. */
public final class BrokerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BrokerUnavailableException(Throwable cause) {
    super("the message store is unavailable (" + reason(cause) + ")", cause);
  }

  /** The failure and what is under it: "Unable to connect" alone hides a refused password. */
  private static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause || root.getMessage() == null
        ? cause.getMessage()
        : cause.getMessage() + ": " + root.getMessage();
  }
}
