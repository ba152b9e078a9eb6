package org.chatharness.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What every scenario class (the {@code *Test} classes of {@code org.chatharness.e2e}) must say,
 * checked without running one: a class without {@link RunsOn} would start its container in a run
 * against {@code -Dchat.url}, where the module README promises that every container-only class is
 * skipped with a reason.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScenarioClassesTest {
  private static final String SCENARIOS = "org.chatharness.e2e";

  @Test
  void everyScenarioClassSaysWhichServersItRunsOn() {
    List<Class<?>> scenarios = scenarioClasses();

    assertThat(scenarios)
        .as("scenario classes found in %s (the scan itself must find them)", SCENARIOS)
        .hasSizeGreaterThanOrEqualTo(10);
    assertThat(scenarios)
        .as("scenario classes without @RunsOn")
        .filteredOn(scenario -> !scenario.isAnnotationPresent(RunsOn.class))
        .extracting(Class::getSimpleName)
        .isEmpty();
  }

  private static List<Class<?>> scenarioClasses() {
    return ReflectionSupport.findAllClassesInPackage(
        SCENARIOS,
        type ->
            type.getPackageName().equals(SCENARIOS)
                && type.getSimpleName().endsWith("Test")
                && !type.isMemberClass(),
        name -> true);
  }
}
