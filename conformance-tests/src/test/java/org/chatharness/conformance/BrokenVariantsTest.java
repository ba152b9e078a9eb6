package org.chatharness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatharness.conformance.reference.ReferenceServer;
import org.chatharness.conformance.run.VerifyCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier fails each deliberately broken variant of the reference server and names the check
 * that caught it: proof that the checks can fail, on a server this project did not write.
 */
@Timeout(300)
class BrokenVariantsTest {
  private static final String FRESH_CLIENT =
      "FreshClientChecks.aFreshClientGetsAMessageSentRightAfterItsHandshake";
  private static final String BURST =
      "BroadcastChecks.aThousandMessageBurstArrivesCompleteAndInOrder";
  private static final String TEXT_FRAMES =
      "TextChecks.chineseEmojiAndMixedTextsArriveByteIdenticalAsTextFrames";

  @TempDir Path reports;

  @Test
  void aServerThatAddsClients50msAfterTheirHandshakeFailsOnlyTheFreshClientCheck()
      throws Exception {
    Verdict verdict = verify(ReferenceServer.LATE_JOIN);

    assertThat(verdict.status()).as("exit status").isEqualTo(VerifyCommand.FAILED);
    assertThat(verdict.failed()).as("the checks that failed").containsExactly(FRESH_CLIENT);
  }

  @Test
  void aServerThatDropsOneDeliveryIn100FailsTheBurstCheck() throws Exception {
    Verdict verdict = verify(ReferenceServer.DROPS_ONE_IN_100);

    assertThat(verdict.status()).as("exit status").isEqualTo(VerifyCommand.FAILED);
    assertThat(verdict.failed()).as("the checks that failed").contains(BURST);
    assertThat(verdict.output())
        .as("what the burst check says")
        .containsPattern("FAIL  " + BURST + ".*\\n\\s+\".*\" is missing: ");
  }

  @Test
  void aServerThatSendsTextAsBinaryFramesFailsTheTextFrameCheck() throws Exception {
    Verdict verdict = verify(ReferenceServer.BINARY_FRAMES);

    assertThat(verdict.status()).as("exit status").isEqualTo(VerifyCommand.FAILED);
    assertThat(verdict.failed()).as("the checks that failed").contains(TEXT_FRAMES);
    assertThat(verdict.output())
        .as("what the text-frame check says")
        .containsPattern(
            "FAIL  " + TEXT_FRAMES + ".*\\n\\s+a text message came back as a binary frame");
  }

  /** What one run of the verifier printed, its exit status and the checks it names as failed. */
  private record Verdict(int status, String output, List<String> failed) {}

  private Verdict verify(String variant) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (ReferenceServer server = ReferenceServer.start(variant)) {
      status =
          new VerifyCommand(
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8))
              .run(
                  server.url().toString(),
                  "--max-message-size",
                  "100MiB",
                  "--reports",
                  reports.toString());
    }
    String output = out.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .as("the last line of %s (stderr: %s)", variant, err)
        .matches("\\d+ passed, [1-9]\\d* failed(, \\d+ skipped)?");
    assertThat(reports.resolve("TEST-junit-jupiter.xml")).as("the JUnit XML report").exists();
    assertThat(Files.readString(reports.resolve("TEST-junit-jupiter.xml")))
        .as("the JUnit XML report names the failures")
        .contains("<failure");
    List<String> failed =
        lines.stream()
            .filter(line -> line.startsWith("FAIL  "))
            .map(line -> line.split("\\s+")[1])
            .toList();
    return new Verdict(status, output, failed);
  }
}
