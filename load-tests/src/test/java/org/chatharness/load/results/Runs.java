package org.chatharness.load.results;

import java.util.List;
import java.util.Map;

/** Results to test the report classes with: steps and runs as a real run would write them. */
final class Runs {
  private Runs() {}

  /** A step at {@code rate} messages/s to 1,000 users, with its p99 (bound 100 ms), CPU. */
  static StepResult step(int step, double rate, double p99, double micros) {
    return new StepResult(
        step,
        1000,
        rate,
        rate,
        rate * 1000,
        true,
        p99 / 4,
        p99 / 2,
        p99,
        p99 * 1.5,
        0,
        0,
        0,
        0.4,
        1,
        micros,
        0.5,
        1,
        0.02,
        "neither CPU was full: the offered load",
        100);
  }

  /** A broadcast run that started at {@code started}, with {@code steps} and {@code failures}. */
  static RunResult run(String started, List<StepResult> steps, List<String> failures) {
    return new RunResult(
        "broadcast",
        started,
        started,
        "1000 users (40 senders), 40.0 messages/s for 60 s",
        Map.of("p99Ms", "100"),
        "http://localhost:8000/",
        "process 1 on this machine",
        "own-copy latency: ...",
        steps,
        List.of(),
        Map.of(),
        List.of(),
        List.of("Completeness: 0 of 1000 connected users missed or doubled a message."),
        failures,
        steps.isEmpty() ? "unknown" : steps.get(steps.size() - 1).limitedBy());
  }
}
