package org.chatharness.server.support;

import java.util.function.UnaryOperator;
import org.chatharness.server.ServerConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension: a real redis-server and two chat servers sharing rooms through it, for each
 * test, all closed after it. Node b reaches Redis through a {@link TcpRelay} ({@link #linkOfB}), so
 * a test can stall its link, or cut it: to Redis and to node a, a node whose link is cut has
 * crashed.
 *
 * <pre>{@code
 * @RegisterExtension final TwoNodes nodes = TwoNodes.eachTest(config -> config);
 * ...
 * V1Client alice = V1Client.joined(nodes.a(), "/rooms/r", "alice");
 * V1Client bob = V1Client.joined(nodes.b(), "/rooms/r", "bob");
 *
 * // or, where each test wants its own configuration:
 * @RegisterExtension final TwoNodes nodes = TwoNodes.startedByTest();
 * ...
 * nodes.start(config -> config.brokerMaxRooms(3));
 * }</pre>
 */
public final class TwoNodes implements BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<ServerConfig.Builder> beforeEach;
  private RedisProcess redis;
  private TcpRelay linkOfB;
  private Harness a;
  private Harness b;

  private TwoNodes(UnaryOperator<ServerConfig.Builder> beforeEach) {
    this.beforeEach = beforeEach;
  }

  /** Two nodes started before each test with the Redis broker and what {@code tweak} adds. */
  public static TwoNodes eachTest(UnaryOperator<ServerConfig.Builder> tweak) {
    return new TwoNodes(tweak);
  }

  /** Two nodes that a test starts itself, with {@link #start}, if it wants them. */
  public static TwoNodes startedByTest() {
    return new TwoNodes(null);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (beforeEach != null) {
      start(beforeEach);
    }
  }

  /** Starts Redis, then both nodes with the Redis broker and whatever {@code tweak} adds. */
  public void start(UnaryOperator<ServerConfig.Builder> tweak) throws Exception {
    if (redis != null) {
      throw new IllegalStateException("the two nodes have started already");
    }
    redis = RedisProcess.start();
    try {
      linkOfB = TcpRelay.to(redis.port());
      ServerConfig config = tweak.apply(ServerConfig.forTests().toBuilder()).build();
      a = Harness.start(config.toBuilder().broker(redis.uri()).build());
      b = Harness.start(config.toBuilder().broker(redis.uri(linkOfB.port())).build());
    } catch (Exception | Error failure) {
      close();
      throw failure;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    close();
  }

  private void close() throws Exception {
    if (redis == null) {
      return;
    }
    // A test that failed with the link stalled would make node b wait out Redis timeouts.
    if (linkOfB != null) {
      linkOfB.resume();
    }
    try {
      try {
        if (b != null) {
          b.close();
        }
      } finally {
        if (a != null) {
          a.close();
        }
      }
    } finally {
      try {
        if (linkOfB != null) {
          linkOfB.close();
        }
      } finally {
        redis.close();
        redis = null;
        linkOfB = null;
        a = null;
        b = null;
      }
    }
  }

  /** Node a, connected to Redis directly. */
  public Harness a() {
    return started(a);
  }

  /** Node b, connected to Redis through {@link #linkOfB}. */
  public Harness b() {
    return started(b);
  }

  /** The Redis both nodes share. */
  public RedisProcess redis() {
    return started(redis);
  }

  /** Node b's link to Redis, to stall or cut. */
  public TcpRelay linkOfB() {
    return started(linkOfB);
  }

  private static <T> T started(T part) {
    if (part == null) {
      throw new IllegalStateException("the two nodes have not started: call start first");
    }
    return part;
  }
}
