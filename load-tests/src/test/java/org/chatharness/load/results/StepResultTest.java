package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A step's verdict and what limited it. */
@Timeout(10)
class StepResultTest {

  @Test
  void aFullLoadGeneratorIsNamedBeforeTheServer() {
    assertThat(StepResult.limit(0.9, 1, 0.9, 1)).startsWith("the load generator's CPU (90%");
    assertThat(StepResult.limit(0.9, 1, 0.5, 1)).startsWith("the server's CPU (90%");
    assertThat(StepResult.limit(0.9, 0, 0.5, 1)).as("unknown server cores").startsWith("neither");
  }

  @Test
  void aStepFailsOnLossBeforeLatency() {
    StepResult lossy =
        new StepResult(
            0, 10, 40, 40, 400, true, 1, 2, 500, 600, 0, 3, 0, 0.1, 1, 5, 0.1, 1, 0, "", 100);
    StepResult slow =
        new StepResult(
            0, 10, 40, 40, 400, true, 1, 2, 500, 600, 0, 0, 0, 0.1, 1, 5, 0.1, 1, 0, "", 100);
    StepResult behind =
        new StepResult(
            0, 10, 40, 30, 300, false, 1, 2, 5, 6, 0, 0, 0, 0.1, 1, 5, 0.1, 1, 0, "", 100);

    assertThat(lossy.verdict()).isEqualTo("0 own copies late, 3 copies missing, 0 doubled");
    assertThat(slow.verdict()).isEqualTo("p99 500 ms, over 100 ms");
    assertThat(behind.verdict()).isEqualTo("senders fell behind the offered rate");
  }

  @Test
  void sendersKeepUpWhenTheyAreLateByAtMostFivePercentOrOnePace() {
    assertThat(StepResult.keptUp(2.15, 2.0, 0.2)).as("one pace on a short step").isTrue();
    assertThat(StepResult.keptUp(2.3, 2.0, 0.2)).isFalse();
    assertThat(StepResult.keptUp(21.0, 20.0, 0.2)).as("5% on a long step").isTrue();
    assertThat(StepResult.keptUp(21.2, 20.0, 0.2)).isFalse();
  }
}
