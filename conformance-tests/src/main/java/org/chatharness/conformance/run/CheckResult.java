package org.chatharness.conformance.run;

/**
 * The verdict of one check.
 *
 * @param name {@code Class.method}, with {@code [arguments]} for one case of a parameterized check
 * @param rule the rule it checks, as its display name states it
 * @param verdict passed, failed or skipped
 * @param reason why it failed or was skipped (empty when it passed)
 * @param failure what failed it, or null
 */
public record CheckResult(
    String name, String rule, Verdict verdict, String reason, Throwable failure) {

  /** How a check ended. */
  public enum Verdict {
    PASSED,
    FAILED,
    SKIPPED
  }
}
