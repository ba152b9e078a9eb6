package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The check after the runs: a failed run of this build fails it, with the run's reasons. */
@Timeout(10)
class VerdictsTest {
  @TempDir Path results;

  private void write(String folder, String started, List<String> failures) {
    ResultsFile.write(
        results.resolve(folder), Runs.run(started, List.of(Runs.step(0, 40, 30, 10)), failures));
  }

  @Test
  void aFailedRunOfThisBuildFailsItWithItsReasons() {
    write("broadcast-1", "2026-12-06T19:00:05Z", List.of());
    write("soak-1", "2026-12-06T19:01:00Z", List.of("server memory not flat: grows 9 MiB"));

    assertThatThrownBy(
            () -> Verdicts.main(new String[] {results.toString(), "2026-12-06T19:00:00Z"}))
        .hasMessageContaining("1 of 2 load-test runs failed")
        .hasMessageContaining("soak-1 (server memory not flat: grows 9 MiB)");
  }

  @Test
  void runsOfEarlierBuildsAreNotJudged() {
    write("soak-0", "2026-12-06T18:00:00Z", List.of("the run did not finish"));
    write("broadcast-1", "2026-12-06T19:00:05Z", List.of());

    assertThatCode(() -> Verdicts.main(new String[] {results.toString(), "2026-12-06T19:00:00Z"}))
        .doesNotThrowAnyException();
  }
}
