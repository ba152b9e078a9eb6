package org.chatharness.load;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToIntFunction;
import org.chatharness.load.targets.Target;

/** Parameters and protocol settings every simulation shares. */
final class Settings {
  /**
   * Gatling's buffer of messages that arrived while no check waited: the ledger reads it at least
   * once a second, so this only has to outgrow a second of deliveries to one user.
   */
  static final int INBOUND_BUFFER = 1_000_000;

  private Settings() {}

  /** A comma-separated system property as a list, empty when unset. */
  static List<String> list(String property) {
    return Arrays.stream(System.getProperty(property, "").split(","))
        .map(String::trim)
        .filter(value -> !value.isEmpty())
        .toList();
  }

  /**
   * Which copy of the room a user is in. With {@code -DcrossNode=true} (the default) all nodes
   * share their rooms (a cluster with a shared broker) and every user expects every message; with
   * {@code false} each node is a separate server and users expect only their node's messages.
   */
  static LongToIntFunction roomScope(Target target) {
    boolean shared = Boolean.parseBoolean(System.getProperty("crossNode", "true"));
    return shared ? userId -> 0 : target::nodeIndex;
  }

  /** Where summaries go: {@code -Dcapacity.dir}, by default {@code target/capacity}. */
  static Path reportDir() {
    return Path.of(System.getProperty("capacity.dir", "target/capacity"));
  }

  /**
   * Spreads users over several local source addresses (for example 127.0.0.1-127.0.0.4), each with
   * its own ~28,000 ephemeral ports, when {@code addresses} names any.
   */
  static HttpProtocolBuilder withSourceAddresses(
      HttpProtocolBuilder protocol, List<String> addresses) {
    return addresses.isEmpty() ? protocol : protocol.localAddresses(addresses);
  }
}
