package org.chatharness.load.targets;

import java.net.URI;
import java.util.List;
import org.chatharness.load.probes.ServerProbe;
import org.chatharness.load.probes.ThreadProbe;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;

/**
 * A {@link ChatServer} on a free loopback port inside the Gatling JVM: what the CI smoke runs
 * against. Server and load generator share the JVM, so latency and CPU figures from it are for
 * catching regressions, not for capacity planning.
 */
final class EmbeddedTarget implements Target {
  /** Jetty's pool threads are named after the pool, which {@code ChatServer} names "chat". */
  private static final String SERVER_THREADS = "chat";

  private final ChatServer server;

  private EmbeddedTarget(ChatServer server) {
    this.server = server;
  }

  static EmbeddedTarget start() {
    try {
      return new EmbeddedTarget(
          new ChatServer(
                  ServerConfig.forTests().toBuilder()
                      // All load comes from one address, and senders may exceed a person's pace.
                      .maxConnectionsPerAddress(0)
                      .rateLimit(1000, 1000)
                      .build())
              .start());
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded chat server", e);
    }
  }

  @Override
  public List<URI> nodes() {
    return List.of(server.httpUri());
  }

  @Override
  public ServerProbe probe() {
    return new ThreadProbe(SERVER_THREADS);
  }

  @Override
  public String describe() {
    return "embedded ChatServer at " + server.httpUri();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded chat server", e);
    }
  }
}
