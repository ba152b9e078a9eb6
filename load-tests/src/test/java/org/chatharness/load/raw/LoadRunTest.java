package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator against a real plain broadcast server (this project's, on a free port): what it
 * counts must match what a broadcast does, and a connection the server closes must show as loss.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunTest {

  @Test
  void everyClientCountsEveryMessageAndEveryProbeTimesEachOnce() throws Exception {
    try (ChatServer server = start(ServerConfig.forTests().toBuilder().rateLimit(1000, 1000))) {
      RunResult.Load load = new RunResult.Load(50, 3, 4, 40, 1, 100);

      RunResult result = LoadRun.run(settings(server, load, Duration.ofSeconds(10)));

      assertThat(result.failure()).isNull();
      assertThat(result.completeness().sent()).isEqualTo(40);
      assertThat(result.completeness().deliveries()).as("50 clients x 40").isEqualTo(2000);
      assertThat(result.completeness().lost()).isZero();
      assertThat(result.completeness().extraBytes()).isZero();
      assertThat(result.latency().samples()).as("4 probes x 40").isEqualTo(160);
      assertThat(result.completeness().probeMissing()).isZero();
      assertThat(result.completeness().probeDuplicates()).isZero();
      assertThat(result.completeness().probeOutOfOrder()).isZero();
      assertThat(result.latency().p50Ms()).as("measured, not a placeholder").isPositive();
      assertThat(result.handshakes().p99Ms()).isPositive();
      assertThat(result.clean()).isTrue();
    }
  }

  @Test
  void aSenderTheServerClosesShowsAsLostDeliveriesAndANamedClose() throws Exception {
    // The default rate limit (10/s, bursts of 20) closes a plain sender at 100 messages/s.
    try (ChatServer server = start(ServerConfig.forTests().toBuilder())) {
      RunResult.Load load = new RunResult.Load(20, 1, 2, 100, 0.5, 100);

      RunResult result = LoadRun.run(settings(server, load, Duration.ofSeconds(1)));

      assertThat(result.completeness().lost()).as("messages after the close").isPositive();
      assertThat(result.completeness().receiversEnded()).isGreaterThanOrEqualTo(1);
      assertThat(result.completeness().firstEnd()).contains("(close 1008)");
      assertThat(result.clean()).isFalse();
    }
  }

  private static ChatServer start(ServerConfig.Builder config) throws Exception {
    return new ChatServer(config.maxConnectionsPerAddress(0).build()).start();
  }

  private static LoadRun.Settings settings(
      ChatServer server, RunResult.Load load, Duration drainTimeout) {
    return new LoadRun.Settings(server.webSocketUri(), load, -1, 2, 2, 1, drainTimeout);
  }
}
