package org.chatharness.server.support;

import java.util.function.UnaryOperator;
import org.chatharness.server.ServerConfig;

/**
 * A real redis-server and two chat servers sharing rooms through it, for one test; closes all.
 *
 * <pre>{@code
 * try (TwoNodes nodes = TwoNodes.start(config -> config)) {
 *   V1Client alice = V1Client.joined(nodes.a, "/rooms/r", "alice");
 *   V1Client bob = V1Client.joined(nodes.b, "/rooms/r", "bob");
 * }
 * }</pre>
 */
public final class TwoNodes implements AutoCloseable {
  public final RedisProcess redis;
  public final Harness a;
  public final Harness b;

  private TwoNodes(RedisProcess redis, Harness a, Harness b) {
    this.redis = redis;
    this.a = a;
    this.b = b;
  }

  /** Starts Redis, then both nodes with the Redis broker and whatever {@code tweak} adds. */
  public static TwoNodes start(UnaryOperator<ServerConfig.Builder> tweak) throws Exception {
    RedisProcess redis = RedisProcess.start();
    Harness a = null;
    try {
      ServerConfig config =
          tweak.apply(ServerConfig.forTests().toBuilder().broker(redis.uri())).build();
      a = Harness.start(config);
      return new TwoNodes(redis, a, Harness.start(config));
    } catch (Exception | Error failure) {
      if (a != null) {
        a.close();
      }
      redis.close();
      throw failure;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      try {
        b.close();
      } finally {
        a.close();
      }
    } finally {
      redis.close();
    }
  }
}
