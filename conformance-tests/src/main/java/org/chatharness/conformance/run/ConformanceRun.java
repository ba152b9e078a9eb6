package org.chatharness.conformance.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.chatharness.conformance.checks.Profiles;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the checks of one profile against a server in this JVM, with the JUnit Platform launcher,
 * and collects their verdicts. What the checks are told about the server goes in as configuration
 * parameters ({@code chat.url} and the others of {@link org.chatharness.conformance.Target}).
 *
 * <pre>{@code
 * Report report = ConformanceRun.of("plain", Map.of("chat.url", "http://localhost:8000/")).run();
 * report.failedNames(); // e.g. [FreshClientChecks.aFreshClientGetsAMessageSentRightAfterItsHandshake]
 * }</pre>
 */
public final class ConformanceRun {
  private final String profile;
  private final Map<String, String> parameters;
  private final List<TestExecutionListener> listeners = new ArrayList<>();
  private Consumer<CheckResult> onResult = result -> {};

  private ConformanceRun(String profile, Map<String, String> parameters) {
    if (!Profiles.ALL.contains(profile)) {
      throw new IllegalArgumentException(
          "unknown profile \"" + profile + "\": one of " + String.join(", ", Profiles.ALL));
    }
    this.profile = profile;
    this.parameters = Map.copyOf(parameters);
  }

  /** A run of {@code profile}'s checks with these configuration parameters. */
  public static ConformanceRun of(String profile, Map<String, String> parameters) {
    return new ConformanceRun(profile, parameters);
  }

  /** Calls {@code consumer} with each verdict as soon as its check ends. */
  public ConformanceRun onResult(Consumer<CheckResult> consumer) {
    this.onResult = consumer;
    return this;
  }

  /** Adds a listener of the launcher, e.g. a JUnit XML report. */
  public ConformanceRun withListener(TestExecutionListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Runs the checks and returns their verdicts. */
  public Report run() {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectPackage(Profiles.CHECKS_PACKAGE))
            .filters(TagFilter.includeTags(profile))
            .configurationParameters(parameters)
            .build();
    Collector collector = new Collector();
    Launcher launcher = LauncherFactory.create();
    List<TestExecutionListener> all = new ArrayList<>(listeners);
    all.add(collector);
    launcher.execute(request, all.toArray(TestExecutionListener[]::new));
    return new Report(profile, collector.results);
  }

  /** Turns the launcher's events into verdicts, one per test or per failed class. */
  private final class Collector implements TestExecutionListener {
    private final List<CheckResult> results = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        add(new CheckResult(name(id), rule(id), CheckResult.Verdict.SKIPPED, reason, null));
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Throwable thrown = result.getThrowable().orElse(null);
      String message = thrown == null ? "" : String.valueOf(thrown.getMessage());
      switch (result.getStatus()) {
        case SUCCESSFUL -> {
          if (id.isTest()) {
            add(new CheckResult(name(id), rule(id), CheckResult.Verdict.PASSED, "", null));
          }
        }
        case ABORTED ->
            add(new CheckResult(name(id), rule(id), CheckResult.Verdict.SKIPPED, message, thrown));
        case FAILED ->
            add(new CheckResult(name(id), rule(id), CheckResult.Verdict.FAILED, message, thrown));
      }
    }

    private void add(CheckResult result) {
      results.add(result);
      onResult.accept(result);
    }

    private String name(TestIdentifier id) {
      Optional<MethodSource> method =
          id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
      if (method.isEmpty()) {
        return id.getDisplayName();
      }
      String className = method.get().getJavaClass().getSimpleName();
      String name = className + "." + method.get().getMethodName();
      return isInvocation(id) ? name + "[" + id.getDisplayName() + "]" : name;
    }

    private String rule(TestIdentifier id) {
      return isInvocation(id)
          ? plan.getParent(id).map(TestIdentifier::getDisplayName).orElse("")
          : id.getDisplayName();
    }

    /** One case of a parameterized check: its parent is the check itself. */
    private boolean isInvocation(TestIdentifier id) {
      return plan != null
          && plan.getParent(id)
              .flatMap(TestIdentifier::getSource)
              .filter(MethodSource.class::isInstance)
              .isPresent();
    }
  }
}
