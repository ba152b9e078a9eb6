package org.chatharness.load.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server started with a command: found by the URL it prints, measured, stopped. */
@Timeout(60)
class CommandTargetTest {

  @Test
  void aCommandLineIsSplitAtSpacesButNotInsideQuotes() {
    assertThat(CommandTarget.words("taskset -c 0 java -jar 'a b.jar'  --x=\"1 2\""))
        .containsExactly("taskset", "-c", "0", "java", "-jar", "a b.jar", "--x=1 2");
  }

  @Test
  void theServerIsFoundByTheUrlItPrintsAndStoppedAtTheEnd() throws IOException {
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + listening.getLocalPort();
      CommandTarget target =
          CommandTarget.start(
              "sh -c 'echo starting; echo listening on " + url + "/; exec sleep 60'");
      ProcessHandle server = ProcessHandle.of(target.pid()).orElseThrow();
      try {
        assertThat(target.nodes()).extracting(Object::toString).containsExactly(url + "/");
        assertThat(target.probe().cpuNanos()).as("CPU from /proc").isNotNegative();
        assertThat(target.probe().memoryBytes()).as("resident, not a JVM").isPositive();
        assertThat(target.describe()).contains("sh -c");
      } finally {
        target.close();
      }
      assertThat(server.isAlive()).as("stopped at the end").isFalse();
    }
  }

  @Test
  void aServerThatExitsSaysWhatItPrinted() {
    assertThatThrownBy(() -> CommandTarget.start("sh -c 'echo no such jar; exit 3'"))
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("no such jar");
  }

  @Test
  void anEmptyCommandIsRefused() {
    assertThatThrownBy(() -> CommandTarget.start("  ")).hasMessageContaining("empty");
    assertThat(CommandTarget.words("")).isEqualTo(List.of());
  }
}
