package org.chatharness.server.connection;

/**
 * The close codes this server chooses, and why. Documented for clients in the README and
 * docs/PROTOCOL.md; the numbers are RFC 6455's. 1007 (invalid UTF-8) and 1009 (too large) come with
 * Jetty's own exceptions, which {@link org.chatharness.server.codec.TextAssembler} throws.
 */
public final class CloseCodes {
  private CloseCodes() {}

  /** 1001: the server is shutting down, or the client stopped answering pings. */
  public static final int GOING_AWAY = 1001;

  /** 1003: the client sent a binary message; this chat carries text only. */
  public static final int UNSUPPORTED_DATA = 1003;

  /**
   * 1008: policy violation: a slow consumer whose outbound queue overflowed, or too many errors.
   */
  public static final int POLICY_VIOLATION = 1008;

  /**
   * 1013 Try Again Later: this node fell behind the broker and lost messages for the room; the
   * client should reconnect (a chat.v1 client resumes and is told of the gap).
   */
  public static final int FELL_BEHIND = 1013;

  /** Reason sent with {@link #FELL_BEHIND}. */
  public static final String FELL_BEHIND_REASON = "missed messages, reconnect";

  /** 1011 Internal Error: the broker could not take a plain client's message or room. */
  public static final int BROKER_UNAVAILABLE = 1011;

  /** Reason sent with 1008 when the client cannot keep up with the room. */
  public static final String SLOW_CONSUMER = "slow consumer";
}
