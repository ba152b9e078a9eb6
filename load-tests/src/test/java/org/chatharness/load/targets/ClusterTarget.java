package org.chatharness.load.targets;

import static org.chatharness.load.Parameters.BROKER;
import static org.chatharness.load.Parameters.CLUSTER_PORT;
import static org.chatharness.load.Parameters.CLUSTER_REDIS_PORT;
import static org.chatharness.load.Parameters.HISTORY_SIZE;
import static org.chatharness.load.Parameters.NODES;
import static org.chatharness.load.Parameters.NODE_CPUS;
import static org.chatharness.load.Parameters.NODE_HEAP;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.load.probes.ServerProbe;
import org.chatharness.server.support.RedisProcess;

/**
 * A cluster this run starts and may break: a {@code redis-server} and {@code -Dnodes} chat-server
 * processes sharing it ({@code -Dbroker=redis}), or one node with its in-memory broker ({@code
 * -Dbroker=local}). Nodes can be killed and restarted on their port, which is what {@code
 * ChaosSimulation} does under load. Every node runs with {@code --max-connections-per-address 0
 * --rate-limit 1000 --rate-burst 1000} (all load comes from one address, faster than a person
 * types) and {@code --history-size -DhistorySize}; ports are the first free ones from {@code
 * -DclusterPort} and {@code -DclusterRedisPort}.
 */
public final class ClusterTarget implements Target {
  private static final Path JAR = Path.of("chat-server/target/chat-server.jar");

  private final List<ServerProcess> nodes;
  private final RedisProcess redis;
  private final String broker;

  private ClusterTarget(List<ServerProcess> nodes, RedisProcess redis, String broker) {
    this.nodes = nodes;
    this.redis = redis;
    this.broker = broker;
  }

  /** Starts the cluster the parameters describe (see the class comment). */
  public static ClusterTarget start() {
    String broker = BROKER.get();
    int count = NODES.get();
    if (!"local".equals(broker) && !"redis".equals(broker)) {
      throw new IllegalArgumentException("-Dbroker must be redis or local, not " + broker);
    }
    if ("local".equals(broker) && count != 1) {
      throw new IllegalArgumentException(
          "-Dbroker=local runs one node (in-memory brokers share no rooms); got -Dnodes=" + count);
    }
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing: build it (./mvnw -pl load-tests -am verify does)");
    }
    RedisProcess redis =
        "redis".equals(broker) ? startRedis(freePort(CLUSTER_REDIS_PORT.get())) : null;
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--broker", redis != null ? redis.uri() : "local"));
    args.addAll(List.of("--max-connections-per-address", "0"));
    args.addAll(List.of("--rate-limit", "1000", "--rate-burst", "1000"));
    // A resume is served from the node's history, so more history lets users be away longer; each
    // join also receives it whole (300 test messages of 100 bytes are about 45 KiB).
    args.addAll(List.of("--history-size", Integer.toString(HISTORY_SIZE.get())));
    List<String> prefix = NODE_CPUS.isSet() ? List.of("taskset", "-c", NODE_CPUS.get()) : List.of();
    List<String> javaOptions = List.of("-Xmx" + NODE_HEAP.get());
    List<ServerProcess> nodes = new ArrayList<>();
    ClusterTarget cluster = new ClusterTarget(nodes, redis, broker);
    try {
      int port = CLUSTER_PORT.get();
      for (int i = 0; i < count; i++) {
        port = freePort(port);
        ServerProcess node =
            new ServerProcess(prefix, JAR.toAbsolutePath(), port, javaOptions, args);
        nodes.add(node);
        node.start();
        port++;
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The first port from {@code from} on that nothing listens on (loopback). */
  private static int freePort(int from) {
    for (int port = from; port < from + 100; port++) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IllegalStateException("no free port in " + from + ".." + (from + 99));
  }

  /** Kills node {@code index} with SIGKILL. */
  public void kill(int index) {
    nodes.get(index).kill();
  }

  /** Starts node {@code index} again on its port and waits until it is healthy. */
  public void restart(int index) {
    nodes.get(index).start();
  }

  /** {@code redis} or {@code local}. */
  public String broker() {
    return broker;
  }

  @Override
  public List<URI> nodes() {
    return nodes.stream().map(ServerProcess::httpUri).toList();
  }

  /** The CPU of every node process together (a restarted node starts again from zero). */
  @Override
  public ServerProbe probe() {
    return new ServerProbe() {
      @Override
      public long cpuNanos() {
        long total = 0;
        for (ServerProcess node : nodes) {
          long cpu = node.cpuNanos();
          if (cpu < 0) {
            return -1;
          }
          total += cpu;
        }
        return total;
      }

      @Override
      public long memoryBytes() {
        return -1;
      }

      @Override
      public String describe() {
        return "the node processes' CPU together, from /proc (memory not measured)";
      }
    };
  }

  @Override
  public String describe() {
    return nodes.size()
        + " node process(es) at "
        + String.join(", ", nodes().stream().map(URI::toString).toList())
        + (redis != null ? " sharing " + redis.uri() : " with the in-memory broker");
  }

  /** Stops every node (SIGTERM), then Redis. */
  @Override
  public void close() {
    for (ServerProcess node : nodes) {
      node.stop();
    }
    if (redis != null) {
      try {
        redis.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RedisProcess startRedis(int port) {
    try {
      return RedisProcess.start(port);
    } catch (Exception | AssertionError e) {
      throw new IllegalStateException("cannot start redis-server on port " + port, e);
    }
  }
}
