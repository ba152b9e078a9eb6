package org.chatharness.server.support;

import java.util.function.UnaryOperator;
import org.chatharness.server.ServerConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server and two chat servers sharing rooms through it, for one test; closes all. Node
 * b reaches Redis through a {@link TcpRelay} ({@link #linkOfB}), so a test can stall its link.
 *
 * <pre>{@code
 * try (TwoNodes nodes = TwoNodes.start(config -> config)) {
 *   V1Client alice = V1Client.joined(nodes.a, "/rooms/r", "alice");
 *   V1Client bob = V1Client.joined(nodes.b, "/rooms/r", "bob");
 * }
 * // or, for every test of a class:
 * @RegisterExtension final TwoNodes.PerTest nodes = TwoNodes.perTest(config -> config);
 * }</pre>
 */
public final class TwoNodes implements AutoCloseable {
  public final RedisProcess redis;
  public final TcpRelay linkOfB;
  public final Harness a;
  public final Harness b;

  private TwoNodes(RedisProcess redis, TcpRelay linkOfB, Harness a, Harness b) {
    this.redis = redis;
    this.linkOfB = linkOfB;
    this.a = a;
    this.b = b;
  }

  /** Starts Redis, then both nodes with the Redis broker and whatever {@code tweak} adds. */
  public static TwoNodes start(UnaryOperator<ServerConfig.Builder> tweak) throws Exception {
    RedisProcess redis = RedisProcess.start();
    TcpRelay relay = null;
    Harness a = null;
    try {
      relay = TcpRelay.to(redis.port());
      ServerConfig config = tweak.apply(ServerConfig.forTests().toBuilder()).build();
      a = Harness.start(config.toBuilder().broker(redis.uri()).build());
      Harness b = Harness.start(config.toBuilder().broker(redis.uri(relay.port())).build());
      return new TwoNodes(redis, relay, a, b);
    } catch (Exception | Error failure) {
      if (a != null) {
        a.close();
      }
      if (relay != null) {
        relay.close();
      }
      redis.close();
      throw failure;
    }
  }

  @Override
  public void close() throws Exception {
    // A test that failed with the link stalled would make node b wait out Redis timeouts.
    linkOfB.resume();
    try {
      try {
        b.close();
      } finally {
        a.close();
      }
    } finally {
      try {
        linkOfB.close();
      } finally {
        redis.close();
      }
    }
  }

  /** Two nodes for each test of a class, with the same {@code tweak}. */
  public static PerTest perTest(UnaryOperator<ServerConfig.Builder> tweak) {
    return new PerTest(tweak);
  }

  /** Starts two nodes before each test and closes them after it. */
  public static final class PerTest implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<ServerConfig.Builder> tweak;
    private TwoNodes nodes;

    private PerTest(UnaryOperator<ServerConfig.Builder> tweak) {
      this.tweak = tweak;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
      nodes = TwoNodes.start(tweak);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      nodes.close();
    }

    public Harness a() {
      return nodes.a;
    }

    public Harness b() {
      return nodes.b;
    }

    public RedisProcess redis() {
      return nodes.redis;
    }

    public TcpRelay linkOfB() {
      return nodes.linkOfB;
    }
  }
}
