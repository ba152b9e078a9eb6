package org.chatharness.load.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's own folder under the results folder, {@code <simulation>-<yyyyMMdd-HHmmss>}: it holds a
 * {@code results.json} that says "did not finish" from the run's start (so that a run that died
 * fails the verdict check), and the results and summaries once the run is over.
 */
public final class RunFolder {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;
  private final String simulation;
  private final Map<String, String> parameters;
  private final String started = now();

  /** Creates the folder for a run of {@code simulation} and marks it unfinished. */
  public RunFolder(Path resultsDir, String simulation, Map<String, String> parameters) {
    this.simulation = simulation;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.dir = resultsDir.resolve(simulation + "-" + LocalDateTime.now().format(STAMP));
    ResultsFile.write(
        dir,
        new RunResult(
            simulation,
            started,
            started,
            "",
            parameters,
            "",
            "",
            "",
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of("the run did not finish: see Gatling's output"),
            "unknown"));
  }

  /** When the run started, ISO-8601 UTC. */
  public String started() {
    return started;
  }

  /** The current time as results record it. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  public Path dir() {
    return dir;
  }

  /**
   * The result of a run without steps (connections, chaos): its figures by name, findings and
   * failures, finished now.
   */
  public RunResult result(
      String description,
      String target,
      String serverProbe,
      Map<String, Object> figures,
      List<String> findings,
      List<String> failures,
      String limitedBy) {
    return new RunResult(
        simulation,
        started,
        now(),
        description,
        parameters,
        target,
        serverProbe,
        "",
        List.of(),
        List.of(),
        figures,
        List.of(),
        findings,
        failures,
        limitedBy);
  }

  /**
   * Writes the run's results and summary, and a comparison with {@code baseline} unless it is
   * empty: a run's folder or results.json, or {@code last}, the latest earlier run of the same
   * simulation in the same results folder. Prints the summary.
   */
  public void finish(RunResult result, String baseline) {
    Path before = baseline.equals("last") ? lastRunBefore() : Path.of(baseline);
    ResultsFile.write(dir, result);
    Summary summary = new Summary(result);
    summary.write(dir);
    System.out.print(summary.markdown());
    if (!baseline.isEmpty()) {
      if (before == null) {
        System.out.println(
            "no earlier " + simulation + " run to compare with in " + dir.getParent());
      } else {
        new RunComparison(ResultsFile.read(before), result).write(dir);
        System.out.println("compared with " + before + ": " + dir.resolve("comparison.md"));
      }
    }
    System.out.println("results in " + dir.toAbsolutePath());
  }

  /** The latest other folder of this simulation that holds finished results, or null. */
  private Path lastRunBefore() {
    try (Stream<Path> runs = Files.list(dir.getParent())) {
      return runs.filter(run -> !run.equals(dir))
          .filter(run -> run.getFileName().toString().startsWith(simulation + "-"))
          .filter(run -> Files.isRegularFile(run.resolve(ResultsFile.NAME)))
          .filter(run -> !ResultsFile.read(run).description().isEmpty())
          .max(Comparator.comparing(Path::getFileName))
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir.getParent(), e);
    }
  }
}
