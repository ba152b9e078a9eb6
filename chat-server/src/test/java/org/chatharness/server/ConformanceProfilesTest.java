package org.chatharness.server;

import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.run.CheckTests;
import org.chatharness.conformance.run.ConformanceRun;
import org.chatharness.server.config.Limits;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TwoNodes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * This server with its documented defaults passes the three conformance profiles, run against it as
 * against any server at a URL (conformance-tests): one node for plain and v1, two nodes sharing a
 * real redis-server for cluster. What the checks are told is what the README documents: the rate
 * limit of 10 messages a second in bursts of 20, and messages of up to 64 KiB.
 */
@Timeout(600)
class ConformanceProfilesTest {
  @TestFactory
  Stream<DynamicTest> thePlainProfilePasses() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      return CheckTests.of(ConformanceRun.of(Profiles.PLAIN, declared(h.http("/"))).run());
    }
  }

  @TestFactory
  Stream<DynamicTest> theV1ProfilePasses() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      return CheckTests.of(ConformanceRun.of(Profiles.V1, declared(h.http("/"))).run());
    }
  }

  @RegisterExtension final TwoNodes nodes = TwoNodes.startedByTest();

  @TestFactory
  Stream<DynamicTest> theClusterProfilePassesOnTwoNodesSharingRedis() throws Exception {
    nodes.start(config -> config);
    Map<String, String> parameters = declared(nodes.a().http("/"));
    parameters.put(Target.URL2, nodes.b().http("/").toString());
    return CheckTests.of(ConformanceRun.of(Profiles.CLUSTER, parameters).run());
  }

  /** What this server's README declares, for the checks at {@code url}. */
  private static Map<String, String> declared(URI url) {
    Limits defaults = ServerConfig.defaults().limits();
    Map<String, String> parameters = Target.parametersFor(url);
    parameters.put(Target.RATE_LIMIT, (int) defaults.rateLimit() + "/" + defaults.rateBurst());
    parameters.put(Target.MAX_MESSAGE_SIZE, Integer.toString(defaults.maxMessageBytes()));
    return parameters;
  }
}
