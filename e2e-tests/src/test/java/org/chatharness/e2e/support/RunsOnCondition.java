package org.chatharness.e2e.support;

import java.util.Arrays;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips a scenario class that is not meant for this run's server ({@link RunsOn}), before any of
 * its containers start, with the reason in the report.
 */
public final class RunsOnCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(context.getElement(), RunsOn.class)
        .map(this::evaluate)
        .orElse(ConditionEvaluationResult.enabled("no @RunsOn here"));
  }

  private ConditionEvaluationResult evaluate(RunsOn runsOn) {
    E2eSettings settings = E2eSettings.current();
    RunsOn.Mode mode = settings.mode();
    if (Arrays.asList(runsOn.value()).contains(mode)) {
      return ConditionEvaluationResult.enabled("runs on " + mode);
    }
    String against =
        settings.chatUrl() == null
            ? "the container"
            : settings.chatUrl() + " (chat.profile " + settings.profile() + ")";
    return ConditionEvaluationResult.disabled(
        "skipped against " + against + ": " + runsOn.whyNot());
  }
}
