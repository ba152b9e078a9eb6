package org.chatharness.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  private final SoakReport report =
      new SoakReport(
          List.of("target: test"),
          List.of(
              new SoakReport.Window(
                  0,
                  20.0,
                  0,
                  Double.NaN,
                  Double.NaN,
                  Double.NaN,
                  Double.NaN,
                  Double.NaN,
                  Double.NaN),
              new SoakReport.Window(1, 21.5, 1200, 3.0, 40.0, 0.2, 0.05, 4, 12.0)),
          List.of("Heap after GC: flat."),
          1000);

  @Test
  void theTableHasARowPerReadingAndTheFindings() {
    assertThat(report.markdown())
        .contains("| 0.0 | 20.0 | 0 | n/a | n/a | n/a | n/a | n/a | n/a |")
        .contains("| 1.0 | 21.5 | 1200 | 3.0 | 40.0 | 20% | 4 | 12.0 | 5% |")
        .contains("Heap after GC: flat.");
  }

  @Test
  void theChartDrawsHeapAndP99AndTheBound() {
    String svg = report.svg();

    assertThat(svg.split("<polyline", -1)).as("two series").hasSize(3);
    assertThat(svg).contains("heap after GC").contains("p99 bound 1000 ms");
  }
}
