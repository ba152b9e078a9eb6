package org.chatharness.e2e.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one chat server of a test run that the read-only scenario classes share ({@link
 * SharedServerScenario}): this project's server in a container, or the server at {@code
 * -Dchat.url}. Started by the first test that asks for it; stopped (its container removed) when
 * JUnit has run every class, as it is kept in the store of the run's root context, which closes
 * what it holds at the end of the run however the tests ended.
 */
final class SharedServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedServer.class);
  private static final Namespace NAMESPACE = Namespace.create(SharedServer.class);

  private final ChatTarget target;

  private SharedServer(ChatTarget target) {
    this.target = target;
  }

  /** The run's shared server, started now if this is the first test to ask for it. */
  static ChatTarget of(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(SharedServer.class, key -> start(), SharedServer.class)
        .target;
  }

  private static SharedServer start() {
    ChatTarget target = ChatTarget.forThisRun();
    target.start();
    LOG.info("the shared server of this run is up at {}", target.pageUri());
    return new SharedServer(target);
  }

  @Override
  public void close() {
    LOG.info("stopping the shared server at {}", target.pageUri());
    target.stop();
  }
}
