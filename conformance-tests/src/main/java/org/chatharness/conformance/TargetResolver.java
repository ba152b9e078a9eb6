package org.chatharness.conformance;

import java.net.http.HttpClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives checks the server under test: a {@link Clients} per check, whose connections are closed
 * after it. The {@link Target} is read once per run from the configuration parameters ({@code
 * chat.url} and the others, see {@link Target}), which fall back to system properties of the same
 * names, so a check runs the same under the verifier, Maven or an IDE.
 */
public final class TargetResolver implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace RUN =
      ExtensionContext.Namespace.create(TargetResolver.class, "run");
  private static final ExtensionContext.Namespace CHECK =
      ExtensionContext.Namespace.create(TargetResolver.class, "check");

  /** What one run shares: the target and one HTTP client for every connection. */
  private record Run(Target target, HttpClient http) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Clients.class || type == Target.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Run run =
        context
            .getRoot()
            .getStore(RUN)
            .getOrComputeIfAbsent(Run.class, key -> newRun(context), Run.class);
    if (parameter.getParameter().getType() == Target.class) {
      return run.target();
    }
    return context
        .getStore(CHECK)
        .getOrComputeIfAbsent(
            Clients.class, key -> new Clients(run.target(), run.http()), Clients.class);
  }

  private static Run newRun(ExtensionContext context) {
    try {
      Target target = Target.from(context::getConfigurationParameter);
      return new Run(
          target,
          HttpClient.newBuilder()
              // HTTP/1.1 as browsers speak it: no h2c upgrade, which some servers refuse.
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Bounds.CONNECT)
              .build());
    } catch (IllegalArgumentException bad) {
      throw new ParameterResolutionException(bad.getMessage());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Clients clients = context.getStore(CHECK).remove(Clients.class, Clients.class);
    if (clients != null) {
      clients.close();
    }
  }
}
