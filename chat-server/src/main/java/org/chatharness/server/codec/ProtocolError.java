package org.chatharness.server.codec;

/** A chat.v1 message the server will not act on; answered with an {@code error} message. */
public final class ProtocolError extends Exception {
  private final String code;
  private final String cid;

  public ProtocolError(String code, String message) {
    this(code, message, null);
  }

  public ProtocolError(String code, String message, String cid) {
    super(message, null, false, false);
    this.code = code;
    this.cid = cid;
  }

  /** The machine-readable code, such as {@code bad_json}. */
  public String code() {
    return code;
  }

  /** The client id of the message it concerns, if any. */
  public String cid() {
    return cid;
  }
}
