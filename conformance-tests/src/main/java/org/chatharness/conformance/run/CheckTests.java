package org.chatharness.conformance.run;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * A report's verdicts as dynamic tests, one per check, so that a test which runs a profile against
 * a server shows every check in its own report, failed or skipped as it was.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> thePlainProfilePasses() {
 *   return CheckTests.of(ConformanceRun.of("plain", parameters).run());
 * }
 * }</pre>
 */
public final class CheckTests {
  private CheckTests() {}

  /** One dynamic test per verdict of {@code report}, named by the check and its rule. */
  public static Stream<DynamicTest> of(Report report) {
    if (report.results().isEmpty()) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "profile " + report.profile(),
              () -> {
                throw new AssertionError("no check of profile " + report.profile() + " ran");
              }));
    }
    return report.results().stream()
        .map(
            result ->
                DynamicTest.dynamicTest(
                    result.name() + ": " + result.rule(), () -> replay(result)));
  }

  private static void replay(CheckResult result) throws Throwable {
    switch (result.verdict()) {
      case PASSED -> {}
      case SKIPPED -> throw new TestAbortedException(result.reason());
      case FAILED -> {
        if (result.failure() != null) {
          throw result.failure();
        }
        throw new AssertionError(result.reason());
      }
    }
  }
}
