package org.chatharness.load.results;

import java.util.List;
import java.util.Map;

/**
 * Everything one run found, as {@code results.json} holds it and the summary shows it: what ran,
 * against what, each step's figures, the verdict and what limited the run.
 *
 * @param simulation {@code broadcast}, {@code capacity}, {@code soak}, {@code connections}, {@code
 *     chaos}
 * @param description what ran, in a line: users, senders, rates, durations
 * @param parameters every parameter's value in the run
 * @param latencyFigure the definition of the latency figure every latency here is of
 * @param steps the table: one row per step (one for a steady run)
 * @param memory a soak's readings of the server's memory
 * @param figures other figures by name (connections, chaos)
 * @param serverMeters the server's own meters over the run, from its {@code /metrics}
 * @param findings conclusions in words
 * @param failures why the run failed; empty when it passed
 * @param limitedBy what limited the run (the last step's limit)
 */
public record RunResult(
    String simulation,
    String started,
    String finished,
    String description,
    Map<String, String> parameters,
    String target,
    String serverProbe,
    String latencyFigure,
    List<StepResult> steps,
    List<MemoryReading> memory,
    Map<String, Object> figures,
    List<String> serverMeters,
    List<String> findings,
    List<String> failures,
    String limitedBy) {

  /** True when the run passed. */
  public boolean ok() {
    return failures.isEmpty();
  }
}
