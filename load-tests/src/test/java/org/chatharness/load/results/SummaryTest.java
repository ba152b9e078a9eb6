package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The summary a person reads: the latency figure named, the table, the verdict, the chart. */
@Timeout(10)
class SummaryTest {
  @TempDir Path dir;

  private final RunResult failed =
      Runs.run(
          "2026-12-06T19:00:00Z",
          List.of(Runs.step(0, 40, 30, 10.5), Runs.step(1, 80, 130, 7.2)),
          List.of("3 users incomplete"));

  @Test
  void theSummaryNamesItsLatencyFigureAndGivesEachStepAndTheVerdict() {
    String md = new Summary(failed).markdown();

    assertThat(md)
        .startsWith("# Broadcast: FAILED")
        .contains("- latency: own-copy latency")
        .contains("| 1 | 1000 | 80.0 | 80 | 80000 | 32.5 | 65.0 | 130 | 195 | 0 | 40% | 7.2 |")
        .contains("p99 130 ms, over 100 ms |")
        .contains("- 3 users incomplete")
        .contains("**Limited by**: neither CPU was full");
  }

  @Test
  void theFilesAreWrittenWithTheChartInline() throws IOException {
    new Summary(failed).write(dir);

    String svg = Files.readString(dir.resolve("chart.svg"));
    assertThat(svg.split("<polyline", -1)).as("p50, p99 and deliveries").hasSize(4);
    assertThat(svg).contains("p99 bound 100 ms");
    assertThat(Files.readString(dir.resolve("summary.html")))
        .contains("<h1>Broadcast: FAILED</h1>")
        .contains("<td>p99 130 ms, over 100 ms</td>")
        .contains("<svg");
  }

  @Test
  void aSoakShowsItsMemoryReadingsAndDrawsThemOverTime() {
    RunResult soak =
        new RunResult(
            "soak",
            "2026-12-06T19:00:00Z",
            "2026-12-06T19:30:00Z",
            "1000 users (20 senders), 20.0 messages/s for 1800 s",
            java.util.Map.of("p99Ms", "1000"),
            "http://localhost:8000/",
            "process 1",
            "own-copy latency: ...",
            List.of(Runs.step(0, 20, 30, 14.7)),
            List.of(
                new MemoryReading(0, 15.3, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0),
                new MemoryReading(1, 20.5, 1200, 9.9, 27.3, 0.29, 0.01, 7, 16)),
            java.util.Map.of(),
            List.of(),
            List.of("Server memory: flat."),
            List.of(),
            "neither CPU was full: the offered load");

    assertThat(new Summary(soak).markdown())
        .startsWith("# Soak: passed")
        .contains("| 1.0 | 20.5 | 1200 | 9.9 | 27.3 | 29% | 7.0 | 16.0 | 1% |");
    assertThat(new Summary(soak).svg())
        .contains("Server memory and p99 over time")
        .contains("server memory");
  }
}
