package org.chatharness.load.protocol;

/**
 * Everything a simulation needs to know about one chat protocol: its subprotocol, how to join, how
 * to write a numbered test message, and how to recognise that number in what the server delivers.
 *
 * <p>Simulations only speak through this interface, so a protocol is one small implementation and
 * one more name in {@link #named}.
 */
public interface ChatProtocol {

  /** The name given with {@code -Dprotocol=}. */
  String name();

  /** The WebSocket subprotocol to ask for, or {@code null} for none. */
  String subprotocol();

  /** The text that sends test message number {@code seq}, padded to about {@code size} bytes. */
  String encode(long seq, int size);

  /**
   * The number of the test message a delivered text carries, or -1 when it carries none. Called for
   * every delivery, so it must be cheap: a substring scan, no parsing of the whole text.
   */
  long sequenceOf(String delivered);

  /**
   * The first text a user sends after connecting, or {@code null} when the protocol has no join
   * (then the user is in the room as soon as it is connected).
   */
  default String joinText(long userId) {
    return null;
  }

  /** True when {@code delivered} answers the join: from then on the user receives the room. */
  default boolean isJoined(String delivered) {
    return true;
  }

  /** The protocol called {@code name}; fails with the list of known names otherwise. */
  static ChatProtocol named(String name) {
    return switch (name) {
      case PlainProtocol.NAME -> new PlainProtocol();
      case V1Protocol.NAME -> new V1Protocol();
      default ->
          throw new IllegalArgumentException(
              "unknown protocol '"
                  + name
                  + "' (known: "
                  + PlainProtocol.NAME
                  + ", "
                  + V1Protocol.NAME
                  + ")");
    };
  }
}
