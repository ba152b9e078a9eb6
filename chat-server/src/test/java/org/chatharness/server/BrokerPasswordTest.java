package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.chatharness.server.cli.Main;
import org.chatharness.server.logging.LogSettings;
import org.chatharness.server.support.CapturedLog;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.RedisProcess;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis password in {@code --broker redis://:PASSWORD@host} is never shown: not in any log. */
@Timeout(60)
class BrokerPasswordTest {
  private static final String PASSWORD = "s3cret-redis-password";

  // DEBUG: the Redis client's own lines too.
  @RegisterExtension
  final CapturedLog log = new CapturedLog(LogSettings.Level.DEBUG, LogSettings.Format.TEXT);

  @Test
  void aNodeUsingAPasswordNeverLogsItNorShowsItInItsConfiguration() throws Exception {
    try (RedisProcess redis = RedisProcess.withPassword(PASSWORD)) {
      ServerConfig config = ServerConfig.forTests().toBuilder().broker(redis.uri()).build();
      assertThat(config.cluster().broker()).as("the test uses the password").contains(PASSWORD);
      try (Harness h = Harness.start(config)) {
        V1Client alice = V1Client.joined(h, "/rooms/secret", "alice", "alice-key-0123456789");
        alice.send("s-1", "hello");
        alice.awaitAck("s-1");
      }
      assertThat(config.toString()).doesNotContain(PASSWORD).contains("redis://");
    }
    assertThat(log.text())
        .as("the log of a node's whole life")
        .contains("broker: redis at")
        .doesNotContain(PASSWORD);
  }

  @Test
  void aWrongPasswordIsReportedWithoutShowingIt() throws Exception {
    try (RedisProcess redis = RedisProcess.withPassword(PASSWORD)) {
      String wrong = "wrong-" + PASSWORD;
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new String[] {
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--broker",
                "redis://:" + wrong + "@127.0.0.1:" + redis.port()
              },
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .startsWith("chat-server: cannot reach the broker")
          .doesNotContain(wrong);
      assertThat(log.text()).doesNotContain(wrong);
    }
  }
}
