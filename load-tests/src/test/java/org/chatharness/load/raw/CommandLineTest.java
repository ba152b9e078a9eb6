package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mistake on the command line is said in one line, never a stack trace. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CommandLineTest {

  @Test
  void theDefaultsAreTheBenchOfTheIssue() throws Exception {
    RunOptions options = RunOptions.from(new CommandLine(new String[0], RunOptions.NAMES));

    assertThat(options.load()).isEqualTo(new RunResult.Load(1000, 10, 10, 40, 10, 100));
  }

  @Test
  void anUnknownOptionIsNamed() {
    assertThatThrownBy(() -> new CommandLine(new String[] {"--clinets", "5"}, RunOptions.NAMES))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessage("unknown argument: --clinets");
  }

  @Test
  void aMissingOrBadValueIsNamed() {
    assertThatThrownBy(() -> new CommandLine(new String[] {"--rate"}, RunOptions.NAMES))
        .hasMessage("--rate needs a value");
    assertThatThrownBy(
            () ->
                RunOptions.from(
                    new CommandLine(new String[] {"--clients", "many"}, RunOptions.NAMES)))
        .hasMessage("--clients must be a whole number, got many");
    assertThatThrownBy(
            () -> RunOptions.from(new CommandLine(new String[] {"--size", "10"}, RunOptions.NAMES)))
        .hasMessage("--size must be at least " + Stamp.MIN_SIZE + ", got 10");
  }

  @Test
  void sendersAndProbesMustFitInTheClients() {
    String[] args = {"--clients", "15", "--senders", "10", "--probes", "10"};

    assertThatThrownBy(() -> RunOptions.from(new CommandLine(args, RunOptions.NAMES)))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessage("senders + probes must fit in --clients 15");
  }

  @Test
  void theLastOfARepeatedOptionWinsAndThousandsMayBeGrouped() throws Exception {
    String[] args = {"--clients", "5", "--clients", "10_000"};

    assertThat(RunOptions.from(new CommandLine(args, RunOptions.NAMES)).clients())
        .isEqualTo(10_000);
  }
}
