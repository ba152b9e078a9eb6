package org.chatharness.load.report;

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
        new StepResult(0, 10, 40, 40, 400, 1, 2, 500, 600, 0, 3, 0, 0.1, 1, 5, 0.1, 1, 0, "", "");
    StepResult slow =
        new StepResult(0, 10, 40, 40, 400, 1, 2, 500, 600, 0, 0, 0, 0.1, 1, 5, 0.1, 1, 0, "", "");
    StepResult behind =
        new StepResult(0, 10, 40, 30, 300, 1, 2, 5, 6, 0, 0, 0, 0.1, 1, 5, 0.1, 1, 0, "", "");

    assertThat(lossy.judge(100)).isEqualTo("0 own copies late, 3 copies missing, 0 doubled");
    assertThat(slow.judge(100)).isEqualTo("p99 500 ms, over 100 ms");
    assertThat(behind.judge(100)).isEqualTo("senders fell behind the offered rate");
    assertThat(behind.judge(100)).isNotEqualTo("ok");
  }
}
