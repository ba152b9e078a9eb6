package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** results.json: plain JSON that any tool reads, and read back as it was written. */
@Timeout(10)
class ResultsFileTest {
  @TempDir Path dir;

  @Test
  void aRunIsReadBackAsItWasWrittenWithUnknownFiguresAsNull() throws IOException {
    StepResult unknownCpu = Runs.step(0, 40, 30, Double.NaN);
    RunResult run = Runs.run("2026-12-06T19:00:00Z", List.of(unknownCpu), List.of());

    ResultsFile.write(dir, run);

    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json)
        .contains("\"serverMicrosPerDelivery\" : null")
        .contains("\"verdict\" : \"ok\"")
        .doesNotContain("NaN");
    RunResult read = ResultsFile.read(dir);
    assertThat(read.steps().get(0).serverMicrosPerDelivery()).isNaN();
    assertThat(read).usingRecursiveComparison().ignoringFields("steps").isEqualTo(run);
    assertThat(read.steps().get(0).p99Millis()).isEqualTo(30.0);
  }
}
