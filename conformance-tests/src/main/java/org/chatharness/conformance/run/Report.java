package org.chatharness.conformance.run;

import java.util.List;

/** The verdicts of one run of a profile, in the order the checks finished. */
public record Report(String profile, List<CheckResult> results) {
  public Report {
    results = List.copyOf(results);
  }

  public long passed() {
    return count(CheckResult.Verdict.PASSED);
  }

  public long failed() {
    return count(CheckResult.Verdict.FAILED);
  }

  public long skipped() {
    return count(CheckResult.Verdict.SKIPPED);
  }

  /** The names of the checks that failed. */
  public List<String> failedNames() {
    return results.stream()
        .filter(r -> r.verdict() == CheckResult.Verdict.FAILED)
        .map(CheckResult::name)
        .toList();
  }

  /** Whether every check that ran passed, and at least one ran. */
  public boolean allPassed() {
    return failed() == 0 && passed() > 0;
  }

  /** The summary line: {@code N passed, N failed}, and {@code , N skipped} when any was. */
  public String summary() {
    return passed()
        + " passed, "
        + failed()
        + " failed"
        + (skipped() > 0 ? ", " + skipped() + " skipped" : "");
  }

  private long count(CheckResult.Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }
}
