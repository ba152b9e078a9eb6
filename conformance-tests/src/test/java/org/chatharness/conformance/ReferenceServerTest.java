package org.chatharness.conformance;

import java.util.Map;
import java.util.stream.Stream;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.reference.ReferenceServer;
import org.chatharness.conformance.run.CheckTests;
import org.chatharness.conformance.run.ConformanceRun;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The plain profile passes against the reference server, a chat server this project did not write
 * (the Node {@code ws} README's broadcast example): the checks hold a server to the tutorial's
 * contract, not to this project's server.
 */
@Timeout(300)
class ReferenceServerTest {
  @TestFactory
  Stream<DynamicTest> theReferenceServerPassesThePlainProfile() throws Exception {
    try (ReferenceServer server = ReferenceServer.start(ReferenceServer.REFERENCE)) {
      return CheckTests.of(ConformanceRun.of(Profiles.PLAIN, parameters(server)).run());
    }
  }

  /**
   * The configuration parameters of a plain run against {@code server}, with what its operator
   * declares: ws accepts messages of up to 100 MiB (its default maxPayload), and has no rate limit.
   */
  static Map<String, String> parameters(ReferenceServer server) {
    Map<String, String> parameters = Target.parametersFor(server.url());
    parameters.put(Target.MAX_MESSAGE_SIZE, "100MiB");
    return parameters;
  }
}
