package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain client that has its 101 gets every message accepted after it: here a message another
 * client sends the moment the fresh client's handshake completes, as the tutorial's page would.
 */
@Timeout(180)
class FreshClientTest {
  private static final int TRIES = 300;
  private static final int CLUSTER_TRIES = 100;
  // A miss costs a wait of MISS_WAIT; after this many the verdict is clear.
  private static final int ENOUGH_MISSES = 10;
  private static final Duration MISS_WAIT = Duration.ofSeconds(2);

  @RegisterExtension final TwoNodes nodes = TwoNodes.startedByTest();

  @Test
  void freshPlainClientGetsTheMessageSentRightAfterItsOpen() throws Exception {
    try (Harness h = Harness.start(Harness.unthrottled(ServerConfig.forTests()))) {
      TestClient sender = h.connect("/rooms/fresh");
      sender.awaitOwnEcho();
      int misses = 0;
      int tries = 0;
      while (tries < TRIES && misses < ENOUGH_MISSES) {
        tries++;
        try (TestClient fresh = h.connect("/rooms/fresh")) {
          misses += missed(sender, fresh, "try " + tries) ? 1 : 0;
        }
      }
      assertThat(misses).as("messages missed by fresh clients in %d tries", tries).isZero();
    }
  }

  @Test
  void freshPlainClientOnAnotherNodeGetsTheMessageSentWhileItsRoomIsFetched() throws Exception {
    nodes.start(config -> config.rateLimit(1_000_000, 1_000_000));
    int misses = 0;
    int tries = 0;
    while (tries < CLUSTER_TRIES && misses < ENOUGH_MISSES) {
      tries++;
      // A room new to node b each time: its first client waits for the room's history.
      String room = "/rooms/seeded-" + tries;
      try (TestClient sender = nodes.a().connect(room)) {
        sender.awaitOwnEcho();
        try (TestClient fresh = nodes.b().connect(room)) {
          misses += missed(sender, fresh, "try " + tries) ? 1 : 0;
        }
      }
    }
    assertThat(misses).as("messages missed by fresh clients in %d tries", tries).isZero();
  }

  @Test
  void aPlainClientOfARoomThatCannotBeFetchedIsRefusedBeforeItsUpgrade() throws Exception {
    nodes.start(config -> config);
    nodes.redis().stop();
    assertThatThrownBy(() -> nodes.a().connect("/rooms/unreachable"))
        .as("503: told now, rather than let in to a room that may miss messages")
        .hasStackTraceContaining("503");
  }

  /** Sends {@code text} the moment {@code fresh} has its 101; whether {@code fresh} missed it. */
  private static boolean missed(TestClient sender, TestClient fresh, String text) throws Exception {
    sender.send(text);
    assertThat(sender.next()).as("the sender's own copy").isEqualTo(text);
    return !text.equals(fresh.poll(MISS_WAIT));
  }
}
