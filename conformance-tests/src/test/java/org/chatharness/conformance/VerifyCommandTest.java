package org.chatharness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.chatharness.conformance.run.VerifyCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The verifier's answers to a bad command line or a server it cannot reach: a message, exit 2. */
@Timeout(60)
class VerifyCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final VerifyCommand command =
      new VerifyCommand(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void noUrlIsAUsageError() {
    assertThat(command.run()).isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("verify: no URL given").contains("usage: verify URL");
  }

  @Test
  void aUrlThatIsNotHttpIsAUsageError() {
    assertThat(command.run("ws://localhost:8000/")).isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("must be an http:// or https:// URL");
  }

  @Test
  void somethingThatIsNotAUrlIsAUsageError() {
    assertThat(command.run("http://")).isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).startsWith("verify: chat.url");
  }

  @Test
  void anUnknownProfileIsAUsageError() {
    assertThat(command.run("http://localhost:8000/", "--profile", "v2"))
        .isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("unknown profile \"v2\": one of plain, v1, cluster");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(command.run("http://localhost:8000/", "--fast")).isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("unknown option --fast");
  }

  @Test
  void theClusterProfileWithoutASecondUrlIsAUsageError() {
    assertThat(command.run("http://localhost:8000/", "--profile", "cluster"))
        .isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("needs a second node").contains("--url2");
  }

  @Test
  void aMalformedRateLimitIsAUsageError() {
    assertThat(command.run("http://localhost:8000/", "--rate-limit", "fast"))
        .isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr()).contains("chat.rateLimit must be PER_SECOND/BURST, e.g. 10/20");
  }

  @Test
  void aServerThatIsNotRunningIsReportedAsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }

    assertThat(command.run("http://127.0.0.1:" + closedPort + "/")).isEqualTo(VerifyCommand.USAGE);
    assertThat(stderr())
        .contains("verify: cannot reach http://127.0.0.1:" + closedPort + "/: connection refused");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing run").isEmpty();
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    assertThat(command.run("--help")).isEqualTo(VerifyCommand.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--profile").contains("--no-echo");
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
