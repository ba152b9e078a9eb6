package org.chatharness.load.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos users against a real server: they join, send and get their messages acknowledged and
 * delivered; when the server goes away they notice at once, and come back when it is up again.
 */
@Timeout(60)
class ChaosClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final V1Protocol protocol = new V1Protocol();
  private final ChaosLedger ledger = new ChaosLedger(protocol, 2, 1, 2);
  private final ServerConfig config =
      ServerConfig.forTests().toBuilder().maxConnectionsPerAddress(0).build();

  @Test
  void usersJoinSendAndComeBackAfterTheirServerRestarts() throws Exception {
    ChatServer server = new ChatServer(config).start();
    int port = server.port();
    URI node = server.httpUri();
    ChaosUsers.Settings settings =
        new ChaosUsers.Settings(
            100,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
            100,
            1);
    try (ChaosUsers users =
        new ChaosUsers(List.of(node, node), "/rooms/t", protocol, ledger, settings)) {
      users.start(1, 3, Duration.ofMillis(100));
      users.start(2, 0, Duration.ofMillis(100));

      await("three messages acknowledged and the sender done")
          .atMost(WAIT)
          .until(() -> ledger.allSendersFinished() && ledger.totals().acked() == 3);
      await("both users got all three").atMost(WAIT).until(() -> ledger.incomplete().isEmpty());

      server.stop();
      await("both noticed").atMost(WAIT).until(() -> !ledger.isJoined(1) && !ledger.isJoined(2));
      server = new ChatServer(config.toBuilder().port(port).build()).start();
      await("both rejoined").atMost(WAIT).until(() -> ledger.isJoined(1) && ledger.isJoined(2));

      assertThat(ledger.totals().reconnects()).isEqualTo(2);
      assertThat(users.firstJoinFailureCount()).isZero();
      assertThat(ledger.totals().resends())
          .as("the sender's last acknowledged message")
          .isEqualTo(1);
    } finally {
      server.stop();
    }
  }
}
