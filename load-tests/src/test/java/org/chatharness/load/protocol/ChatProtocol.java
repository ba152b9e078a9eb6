package org.chatharness.load.protocol;

/**
 * Everything a simulation needs to know about one chat protocol: where to connect, how to write a
 * numbered test message, and how to recognise that number in what the server delivers.
 *
 * <p>Simulations only speak through this interface, so a new protocol (the JSON {@code v1} being
 * designed) is one more small implementation and one more name in {@link #named}.
 */
public interface ChatProtocol {

  /** The name given with {@code -Dprotocol=}. */
  String name();

  /** The WebSocket subprotocol to ask for, or {@code null} for none. */
  String subprotocol();

  /** The path of a room's WebSocket, for example {@code /rooms/load}. */
  String roomPath(String room);

  /** The text that sends test message number {@code seq}, padded to about {@code size} bytes. */
  String encode(long seq, int size);

  /**
   * The number of the test message a delivered text carries, or -1 when it carries none. Called for
   * every delivery, so it must be cheap: a substring scan, no parsing of the whole text.
   */
  long sequenceOf(String delivered);

  /** The protocol called {@code name}; fails with the list of known names otherwise. */
  static ChatProtocol named(String name) {
    return switch (name) {
      case PlainProtocol.NAME -> new PlainProtocol();
      default ->
          throw new IllegalArgumentException(
              "unknown protocol '" + name + "' (known: " + PlainProtocol.NAME + ")");
    };
  }
}
