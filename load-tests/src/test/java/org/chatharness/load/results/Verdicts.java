package org.chatharness.load.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The check after the Gatling runs, as failsafe's {@code verify} is after its tests: Maven runs it
 * in the {@code verify} phase over every {@code results.json} the build's runs wrote, prints each
 * verdict, and fails the build with the reasons when one failed. Gatling's own assertions judge
 * only what Gatling measures (handshakes); everything the runs' books judge is judged here.
 *
 * <pre>
 * java ... Verdicts load-tests/target/load-results 2026-12-06T19:30:00Z
 * </pre>
 */
public final class Verdicts {
  private Verdicts() {}

  /**
   * @param args the results folder, and the build's start (ISO-8601, UTC): older runs are not this
   *     build's
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Instant since = Instant.parse(args[1]);
    List<String> failed = new ArrayList<>();
    int judged = 0;
    for (Path file : resultsOf(dir)) {
      RunResult run = ResultsFile.read(file);
      if (Instant.parse(run.started()).isBefore(since)) {
        continue;
      }
      judged++;
      String folder = file.getParent().toString();
      if (run.ok()) {
        System.out.println("load-test run " + folder + ": passed");
      } else {
        String reasons = String.join("; ", run.failures());
        System.out.println("load-test run " + folder + ": FAILED: " + reasons);
        failed.add(file.getParent().getFileName() + " (" + reasons + ")");
      }
    }
    if (judged == 0) {
      System.out.println("no load-test run of this build wrote results under " + dir);
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException(
          failed.size()
              + " of "
              + judged
              + " load-test runs failed: "
              + String.join(", ", failed)
              + ". Each run's summary.md says why.");
    }
  }

  private static List<Path> resultsOf(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.find(dir, 2, (p, a) -> p.endsWith(ResultsFile.NAME))) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir, e);
    }
  }
}
