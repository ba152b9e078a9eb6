package org.chatharness.e2e.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test on the chat server that every read-only scenario class of a run shares ({@link
 * SharedServer}), with browsers of its own: opened on demand, closed after the test, their failure
 * artefacts written if it fails (the server's {@code server.log} then holds what it wrote during
 * this test only).
 *
 * <pre>{@code
 * @RunsOn(value = {Mode.CONTAINER, Mode.V1_URL}, whyNot = "...")
 * @Timeout(value = 120, unit = TimeUnit.SECONDS)
 * class HistoryAndRoomsTest {
 *   @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();
 *
 *   @Test
 *   void aLateJoinerSeesTheRoomsHistory() {
 *     String room = RoomNames.unique("history");
 *     ChatPage alice = scenario.joinAs("alice", room);
 *     ...
 * }</pre>
 *
 * <p>Only for classes that leave the server as they found it: they never stop, restart, kill, cut
 * off or reconfigure it (those start a container of their own), and each test chats in rooms of
 * its own ({@link RoomNames#unique}), as the server keeps every room's history and online list for
 * the tests after it. Classes run one after another (JUnit's default), so a test that reads
 * server-wide figures ({@code /health}'s connection count) sees only its own connections once the
 * earlier tests' have closed.
 */
public final class SharedServerScenario
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
  private final Browsers browsers = new Browsers();
  private ChatTarget server;

  @Override
  public void beforeEach(ExtensionContext context) {
    server = SharedServer.of(context);
    browsers.withContainerLogOfTheTest("server", server.container());
    browsers.beforeEach(context);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    browsers.afterTestExecution(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    browsers.afterEach(context);
  }

  /** The shared server; known once the test has begun (not in a field initializer). */
  public ChatTarget server() {
    if (server == null) {
      throw new IllegalStateException("the shared server is known once a test has begun");
    }
    return server;
  }

  /** This test's browsers. */
  public Browsers browsers() {
    return browsers;
  }

  /**
   * Opens a browser labelled {@code name} on room {@code room}'s page and joins as {@code name}.
   */
  public ChatPage joinAs(String name, String room) {
    return new ChatPage(browsers.open(name)).open(server().roomPageUri(room)).join(name);
  }
}
