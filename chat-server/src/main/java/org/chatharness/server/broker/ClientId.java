package org.chatharness.server.broker;

/**
 * A client's id for one of its messages, and whose id it is: a re-sent message is recognised by
 * both, so one sender's ids can never swallow another's messages.
 *
 * @param sender who keeps the id unique: {@code k:} and the digest of the sender's key (every
 *     connection of that person), or {@code c:} and the connection's id for a sender without a key
 * @param value the id as the client chose it
 */
public record ClientId(String sender, String value) {

  /** The id of a sender that joined with a key (its digest, never the key itself). */
  public static ClientId ofKey(String ownerDigest, String value) {
    return new ClientId("k:" + ownerDigest, value);
  }

  /** The id of a sender without a key: it counts on its own connection only. */
  public static ClientId ofConnection(String connectionId, String value) {
    return new ClientId("c:" + connectionId, value);
  }
}
