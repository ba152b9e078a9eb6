package org.chatharness.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;

/**
 * The shared server's life, seen from outside a run: two scenario classes (nested below) run in a
 * JUnit run of their own, as failsafe runs the real ones. Each makes the server log a line of its
 * own (a refused origin); the second then fails on purpose, for its artefacts.
 */
@RunsOn(value = RunsOn.Mode.CONTAINER, whyNot = "checks the container a run of scenarios shares")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedServerIT {
  /** Set only in the run this class starts: the nested classes run nowhere else. */
  private static final String OWN_RUN = "e2e.sharedServerIT.ownRun";

  private static final String CONTAINER_ID = "container";
  private static final String FIRST_ORIGIN = "http://first-class.invalid";
  private static final String SECOND_ORIGIN = "http://second-class.invalid";
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);
  private static final Path SECOND_CLASS_ARTEFACTS =
      E2eSettings.current()
          .failuresDir()
          .resolve("SharedServerIT_SecondClass.failsOnPurposeAfterARefusedOrigin");

  private final List<String> containerIds = new ArrayList<>();
  private TestExecutionSummary summary;
  private String secondClassServerLog;

  @BeforeAll
  void runTwoScenarioClassesOnTheirOwn() throws IOException {
    deleteRecursively(SECOND_CLASS_ARTEFACTS);
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
            .configurationParameter(OWN_RUN, "true")
            .configurationParameter(
                "junit.jupiter.testclass.order.default",
                ClassOrderer.OrderAnnotation.class.getName())
            .build();
    SummaryGeneratingListener counts = new SummaryGeneratingListener();
    TestExecutionListener ids =
        new TestExecutionListener() {
          @Override
          public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            entry.getKeyValuePairs().entrySet().stream()
                .filter(pair -> pair.getKey().equals(CONTAINER_ID))
                .forEach(pair -> containerIds.add(pair.getValue()));
          }
        };
    LauncherFactory.create().execute(request, counts, ids);
    summary = counts.getSummary();
    Path serverLog = SECOND_CLASS_ARTEFACTS.resolve("server.log");
    secondClassServerLog = Files.isRegularFile(serverLog) ? Files.readString(serverLog) : null;
    deleteRecursively(SECOND_CLASS_ARTEFACTS);
  }

  @Test
  void theClassesOfARunShareOneServerContainer() {
    assertThat(summary.getTestsSucceededCount())
        .as("tests that passed in the run (the first class's)")
        .isEqualTo(1);
    assertThat(summary.getTestsFailedCount())
        .as("tests that failed in the run (the second class's, on purpose)")
        .isEqualTo(1);
    assertThat(containerIds)
        .as("the server container each class was given")
        .hasSize(2)
        .doesNotContainNull()
        .containsOnly(containerIds.get(0));
  }

  @Test
  void aFailedTestsServerLogHoldsWhatTheServerWroteDuringThatTestOnly() {
    assertThat(secondClassServerLog)
        .as("server.log among the failed test's artefacts")
        .isNotNull()
        .contains("refused origin=" + SECOND_ORIGIN)
        .doesNotContain(FIRST_ORIGIN);
  }

  @Test
  void theServerContainerIsRemovedWhenTheRunEnds() {
    assertThat(containerIds).as("container ids reported").isNotEmpty();
    assertThatThrownBy(
            () ->
                DockerClientFactory.instance()
                    .client()
                    .inspectContainerCmd(containerIds.get(0))
                    .exec())
        .as("inspecting the shared container after its run")
        .isInstanceOf(NotFoundException.class);
  }

  /** Makes the shared server log a refused {@code origin}, and waits until it has. */
  private static void refuseOriginOn(SharedServerScenario scenario, String origin) {
    ChatServerContainer server = scenario.server().container();
    URI socket = scenario.server().roomSocketUri(RoomNames.unique("refused"));
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", origin)
                    .buildAsync(socket, new WebSocket.Listener() {})
                    .join())
        .as("a WebSocket from %s", origin)
        .isInstanceOf(CompletionException.class);
    await("the server logging the refused " + origin)
        .atMost(LOG_WAIT)
        .until(() -> server.getLogs().contains("refused origin=" + origin));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Enables the nested classes only in the run {@link SharedServerIT} starts. */
  static final class OnlyInItsOwnRun implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(OWN_RUN).isPresent()
          ? ConditionEvaluationResult.enabled("in SharedServerIT's own run")
          : ConditionEvaluationResult.disabled("runs only in SharedServerIT's own run");
    }
  }

  @Order(1)
  @ExtendWith(OnlyInItsOwnRun.class)
  static class FirstClass {
    @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

    @Test
    void reportsItsContainerAndARefusedOrigin(TestReporter reporter) {
      reporter.publishEntry(CONTAINER_ID, scenario.server().container().getContainerId());
      refuseOriginOn(scenario, FIRST_ORIGIN);
    }
  }

  @Order(2)
  @ExtendWith(OnlyInItsOwnRun.class)
  static class SecondClass {
    @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

    @Test
    void failsOnPurposeAfterARefusedOrigin(TestReporter reporter) {
      reporter.publishEntry(CONTAINER_ID, scenario.server().container().getContainerId());
      refuseOriginOn(scenario, SECOND_ORIGIN);
      fail("on purpose: SharedServerIT reads this test's artefacts");
    }
  }
}
