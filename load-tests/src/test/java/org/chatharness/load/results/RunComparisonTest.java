package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two runs side by side: the change in CPU per delivery, step by step. */
@Timeout(10)
class RunComparisonTest {

  @Test
  void stepsArePairedAndTheChangeInCpuPerDeliveryIsGiven() {
    RunResult before =
        Runs.run("2026-12-06T18:00:00Z", List.of(Runs.step(0, 40, 40, 12.0)), List.of());
    RunResult after =
        Runs.run(
            "2026-12-06T19:00:00Z",
            List.of(Runs.step(0, 40, 30, 9.0), Runs.step(1, 80, 60, 7.0)),
            List.of());

    RunComparison comparison = new RunComparison(before, after);

    assertThat(comparison.markdown())
        .contains("2026-12-06T19:00:00Z against 2026-12-06T18:00:00Z")
        .contains("| 0 | 40.0 | 40000 | 40000 | 40.0 | 30.0 | 12.0 | 9.0 | -25% |")
        .contains("only the first 1 are compared");
    assertThat(comparison.svg().split("<polyline", -1)).hasSize(5);
  }

  @Test
  void anUnknownFigureHasNoChange() {
    assertThat(RunComparison.change(Double.NaN, 3)).isEqualTo("n/a");
    assertThat(RunComparison.change(10, 11)).isEqualTo("+10%");
  }
}
