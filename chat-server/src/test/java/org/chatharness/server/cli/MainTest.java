package org.chatharness.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line: help, bad values, a port in use. */
@Timeout(30)
class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), name -> null);
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndEnvironmentVariable() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--host", "0.0.0.0", "CHAT_HOST")
        .contains("--port", "8000", "CHAT_PORT")
        .contains("--max-message-size", "64KiB")
        .contains("--outbound-queue-limit", "1MiB")
        .contains("--idle-timeout", "60s")
        .contains("--ping-interval", "20s")
        .contains("--allowed-origins")
        .contains("--permessage-deflate", "false")
        .contains("--shutdown-timeout", "10s")
        .contains("--history-size", "100")
        .contains("--rate-limit", "--rate-burst", "20")
        .containsPattern("--rate-limit[^-]*plain\\s+or\\s+chat\\.\\s*v1")
        .contains("--max-rooms", "10000")
        .contains("--broker", "local", "CHAT_BROKER")
        .contains("--presence-timeout", "CHAT_PRESENCE_TIMEOUT")
        .contains("--trust-proxy", "CHAT_TRUST_PROXY")
        .contains("--broker-stream-length", "1000", "CHAT_BROKER_STREAM_LENGTH")
        .contains("--broker-room-ttl", "7d", "CHAT_BROKER_ROOM_TTL")
        .contains("--broker-max-rooms", "CHAT_BROKER_MAX_ROOMS")
        .contains("--max-connections", "CHAT_MAX_CONNECTIONS", "auto")
        .contains("--history-budget", "CHAT_HISTORY_BUDGET");
  }

  @Test
  void versionPrintsTheVersionOfThePomTheJarWasBuiltFrom() {
    String pomVersion = System.getProperty("chat.pomVersion");
    assertThat(pomVersion).as("the build passes the pom's version to the tests").isNotBlank();
    assertThat(run("--version")).isZero();
    assertThat(out.toString().strip())
        .as("--version names the build, not a number written by hand")
        .isEqualTo("chat-server " + pomVersion);
  }

  @Test
  void aTrustProxyEntryThatIsNotAnAddressGivesAOneLineErrorAndExitCode2() {
    assertThat(run("--trust-proxy", "10.0.0.0/8,proxy.example.com")).isEqualTo(2);
    assertThat(err.toString().strip())
        .as("names the option and the entry; proxies are given as addresses, never looked up")
        .doesNotContain("\n")
        .contains("--trust-proxy")
        .contains("'proxy.example.com'");
  }

  @Test
  void limitsThatAreNeitherANumberNorAutoGiveExitCode2() {
    assertThat(run("--max-connections", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("--max-connections must be a number or auto");
    assertThat(run("--history-budget", "huge")).isEqualTo(2);
    assertThat(err.toString()).contains("--history-budget").contains("is not a size");
    assertThat(run("--max-connections", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("max connections must be at least 1");
  }

  @Test
  void aBrokerThatIsNeitherLocalNorRedisGivesExitCode2() {
    assertThat(run("--broker", "kafka://somewhere")).isEqualTo(2);
    assertThat(err.toString()).contains("broker must be 'local' or redis://HOST:PORT");
  }

  @Test
  void anUnreachableRedisSaysSoPlainlyAndExitsWith1() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    int code =
        run("--host", "127.0.0.1", "--port", "0", "--broker", "redis://127.0.0.1:" + closedPort);
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .startsWith("chat-server: cannot reach the broker redis://127.0.0.1:" + closedPort);
  }

  @Test
  void aBadValueGivesAOneLineErrorAndExitCode2() {
    assertThat(run("--port", "eighty")).isEqualTo(2);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .contains("--port")
        .contains("eighty")
        .contains("--help");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownOptionGivesExitCode2() {
    assertThat(run("--colour", "red")).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("--colour");
  }

  @Test
  void valuesThatDoNotFitTogetherGiveExitCode2() {
    assertThat(run("--max-message-size", "2MiB", "--outbound-queue-limit", "1MiB")).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("outbound queue limit");
  }

  @Test
  void aPortOutOfRangeGivesExitCode2() {
    assertThat(run("--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("port");
  }

  @Test
  void aPortInUseSaysSoPlainly() throws Exception {
    try (ChatServer holder = new ChatServer(ServerConfig.forTests()).start()) {
      int code = run("--host", "127.0.0.1", "--port", Integer.toString(holder.port()));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString().strip())
          .doesNotContain("\n")
          .contains("127.0.0.1:" + holder.port())
          .contains("already in use");
    }
  }
}
