package org.chatharness.load.targets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.support.RedisProcess;

/**
 * A cluster this simulation starts and may break: a {@code redis-server} and {@code -Dnodes}
 * (default 2) chat-server processes sharing it ({@code -Dbroker=redis}, the default), or one node
 * with its in-memory broker ({@code -Dbroker=local}). Nodes can be killed and restarted on their
 * port, which is what {@code ChaosSimulation} does under load.
 *
 * <p>Ports: the first free ones from {@code -Dcluster.port} (18100) for the nodes and from {@code
 * -Dcluster.redisPort} (16390) for Redis. Every node is started with {@code
 * --max-connections-per-address 0 --rate-limit 1000 --rate-burst 1000} (all load comes from one
 * address, faster than a person types) and {@code --history-size -DhistorySize} (300).
 */
public final class ClusterTarget implements Target {
  private final List<ServerProcess> nodes;
  private final RedisProcess redis;
  private final String broker;

  private ClusterTarget(List<ServerProcess> nodes, RedisProcess redis, String broker) {
    this.nodes = nodes;
    this.redis = redis;
    this.broker = broker;
  }

  /** Starts the cluster the system properties describe (see the class comment). */
  public static ClusterTarget start() {
    String broker = System.getProperty("broker", "redis");
    int count = Integer.getInteger("nodes", "local".equals(broker) ? 1 : 2);
    if ("local".equals(broker) && count != 1) {
      throw new IllegalArgumentException(
          "-Dbroker=local runs one node (nodes with in-memory brokers share no rooms); got -Dnodes="
              + count);
    }
    if (!"local".equals(broker) && !"redis".equals(broker)) {
      throw new IllegalArgumentException("-Dbroker must be redis or local, not " + broker);
    }
    Path jar =
        Path.of(System.getProperty("chat.server.dir", "../chat-server"), "target/chat-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: build it first (./mvnw -pl chat-server -am package -DskipTests)");
    }
    RedisProcess redis =
        "redis".equals(broker)
            ? startRedis(freePort(Integer.getInteger("cluster.redisPort", 16390)))
            : null;
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--broker", redis != null ? redis.uri() : "local"));
    args.addAll(List.of("--max-connections-per-address", "0"));
    args.addAll(List.of("--rate-limit", "1000", "--rate-burst", "1000"));
    // A resume is served from the node's history, so more history lets users be away longer; each
    // join also receives it whole (300 test messages of 100 bytes are about 45 KiB).
    int history = Integer.getInteger("historySize", 300);
    args.addAll(List.of("--history-size", Integer.toString(history)));
    List<String> javaOptions = List.of("-Xmx" + System.getProperty("nodeHeap", "512m"));
    List<ServerProcess> nodes = new ArrayList<>();
    ClusterTarget cluster = new ClusterTarget(nodes, redis, broker);
    try {
      int port = Integer.getInteger("cluster.port", 18100);
      for (int i = 0; i < count; i++) {
        port = freePort(port);
        ServerProcess node = new ServerProcess(jar.toAbsolutePath(), port, javaOptions, args);
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

  @Override
  public ServerProbe probe() {
    return ServerProbe.NONE;
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
