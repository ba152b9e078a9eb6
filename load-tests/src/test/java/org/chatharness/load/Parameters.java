package org.chatharness.load;

import static org.chatharness.load.Parameter.decimal;
import static org.chatharness.load.Parameter.flag;
import static org.chatharness.load.Parameter.integer;
import static org.chatharness.load.Parameter.list;
import static org.chatharness.load.Parameter.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of every simulation, with its one default and its meaning: the table in
 * load-tests/README.md is {@link #markdownTable()} (a unit test keeps the two equal). A simulation
 * reads the ones it needs once, into final fields: {@code private final int users = USERS.get();}.
 */
public final class Parameters {
  private static final String ALL = "all";
  private static final String LOADS = "Broadcast, Capacity, Soak, Connections";
  private static final String STEADY = "Broadcast, Soak, Chaos";
  private static final String BROADCASTS = "Broadcast, Capacity, Soak";
  private static final String FANS = "Broadcast, Capacity, Soak, Chaos";
  private static final String CHAOS = "Chaos";

  // Where the load goes, and how it speaks.
  public static final Parameter<String> TARGET =
      text(
          "target",
          "http://localhost:8000",
          LOADS,
          "the server to load: a URL; several comma-separated URLs (users spread over them in turn);"
              + " `embedded` (a chat-server inside the Gatling JVM: CI only); `container` (the server"
              + " image with `containerCpus` and `containerMemory`); `cluster` (Redis and `nodes`"
              + " chat-server processes)");
  public static final Parameter<String> SERVER_COMMAND =
      text(
          "serverCommand",
          "",
          LOADS,
          "a command that starts the server and prints its URL (`http://host:port`), run from the"
              + " repository root, e.g. `node reference-server/server.js 0`: the run starts it, loads"
              + " it, measures its CPU and memory, and stops it (instead of `target`)");
  public static final Parameter<String> PROTOCOL =
      text("protocol", "plain", BROADCASTS, "`plain`, or `v1` (chat.v1: each user joins first)");
  public static final Parameter<String> PATH =
      text("path", "/rooms/load", ALL, "the WebSocket path of the room on every node");
  public static final Parameter<Boolean> ECHO =
      flag(
          "echo",
          true,
          BROADCASTS,
          "`true`: the server sends a sender its own message too, and latency is the sender's own"
              + " copy; `false`: latency is taken at every other receiver");
  public static final Parameter<Boolean> CROSS_NODE =
      flag(
          "crossNode",
          true,
          BROADCASTS,
          "with several URLs: every message reaches every node (`true`), or only its own node's"
              + " users (`false`)");
  public static final Parameter<List<String>> SOURCE_ADDRESSES =
      list(
          "sourceAddresses",
          "",
          LOADS,
          "local addresses to connect from, e.g. `127.0.0.1,127.0.0.2` (each has ~28,000 ports)");
  public static final Parameter<Long> SERVER_PID =
      new Parameter<>(
          "serverPid",
          "found from the port",
          LOADS,
          "the pid of a server on this machine, for its CPU and memory",
          Long::valueOf,
          () -> -1L);

  // How much load.
  public static final Parameter<Integer> USERS =
      integer("users", 100, ALL, "connected users in total, senders included");
  public static final Parameter<Integer> SENDERS =
      integer(
          "senders",
          "users/10, at least 1",
          () -> Math.max(1, USERS.get() / 10),
          FANS,
          "users that send; every user receives");
  public static final Parameter<Double> RATE =
      decimal("rate", 20, STEADY, "messages per second, all senders together");
  public static final Parameter<List<String>> RATES =
      list(
          "rates",
          "10,20,40,80,120,160,200,240,280",
          "Capacity",
          "messages per second of each step; the run stops one step after the first that fails");
  public static final Parameter<Integer> DURATION =
      integer("duration", 30, STEADY, "seconds of sending");
  public static final Parameter<Integer> STEP_DURATION =
      integer("stepDuration", 15, "Capacity", "seconds of sending per step");
  public static final Parameter<Integer> SIZE = integer("size", 100, FANS, "message size, bytes");
  public static final Parameter<Integer> RAMP_UP =
      integer(
          "rampUp",
          "users/200 s, at least 1",
          () -> Math.max(1, USERS.get() / 200),
          ALL,
          "seconds over which users connect");
  public static final Parameter<Integer> DRAIN =
      integer(
          "drain", 5, FANS, "seconds waited after the last send before users count what they got");
  public static final Parameter<Integer> TIMEOUT =
      integer(
          "timeout",
          10,
          FANS,
          "seconds a user waits for an answer: its own copy (a late one is an error), a join's"
              + " welcome");

  // What passes.
  public static final Parameter<Double> P99_MS =
      decimal(
          "p99Ms",
          100,
          BROADCASTS,
          "bound of the latency p99, ms (Capacity: the knee's criterion; Soak: per run)");
  public static final Parameter<Integer> CONNECT_P99_MS =
      integer("connectP99Ms", 1000, "Connections", "bound of the handshake p99 (Gatling's), ms");
  public static final Parameter<Integer> MAX_BYTES_PER_CONNECTION =
      integer(
          "maxBytesPerConnection",
          0,
          "Connections",
          "fail when the server's memory per connection is higher; 0: not judged");
  public static final Parameter<Integer> HOLD =
      integer("hold", 20, "Connections", "seconds the connections stay open after the reading");

  // Soak: the server's memory over time.
  public static final Parameter<Double> MEMORY_EVERY =
      decimal("memoryEvery", 60, "Soak", "seconds between readings of the server's memory");
  public static final Parameter<Double> MEMORY_WARM_UP =
      decimal(
          "memoryWarmUp", 0.2, "Soak", "share of the run, from its start, shown but not judged");
  public static final Parameter<Double> MEMORY_SLOPE_MIB =
      decimal(
          "memorySlopeMiB", 4, "Soak", "largest least-squares slope of the readings, MiB/10 min");
  public static final Parameter<Double> MEMORY_GROWTH_PERCENT =
      decimal(
          "memoryGrowthPercent",
          20,
          "Soak",
          "how far the last reading may be above the first judged one, %");

  // Chaos: the cluster and what happens to it.
  public static final Parameter<String> BROKER =
      text(
          "broker",
          "redis",
          "Chaos, target=cluster",
          "`redis` (Redis and `nodes` nodes), or `local` (one node, in-memory)");
  public static final Parameter<Integer> NODES =
      integer(
          "nodes",
          "2 (`broker=local`: 1)",
          () -> "local".equals(BROKER.get()) ? 1 : 2,
          "Chaos, target=cluster",
          "chat-server processes, from chat-server/target/chat-server.jar");
  public static final Parameter<String> NODE_CPUS =
      text(
          "nodeCpus",
          "",
          "Chaos, target=cluster",
          "CPUs to pin the nodes to (`taskset -c`), e.g. `0`; none: not pinned");
  public static final Parameter<String> NODE_HEAP =
      text("nodeHeap", "512m", "Chaos, target=cluster", "each node's `-Xmx`");
  public static final Parameter<Integer> HISTORY_SIZE =
      integer(
          "historySize",
          300,
          "Chaos, target=cluster",
          "the nodes' `--history-size`: how far back a resume reaches");
  public static final Parameter<Integer> CLUSTER_PORT =
      integer("clusterPort", 18100, "Chaos, target=cluster", "first port tried for the nodes");
  public static final Parameter<Integer> CLUSTER_REDIS_PORT =
      integer("clusterRedisPort", 16390, "Chaos, target=cluster", "first port tried for Redis");
  public static final Parameter<Integer> KILLS =
      integer("kills", 2, CHAOS, "how many times a node is killed (SIGKILL)");
  public static final Parameter<Integer> KILL_AT =
      integer("killAt", 10, CHAOS, "seconds after sending starts of the first kill");
  public static final Parameter<Integer> KILL_EVERY =
      integer("killEvery", 15, CHAOS, "seconds between kills");
  public static final Parameter<Integer> KILL_NODE =
      integer("killNode", 0, CHAOS, "the node of the first kill; each later kill takes the next");
  public static final Parameter<Integer> DOWN_FOR =
      integer("downFor", 5, CHAOS, "seconds a killed node stays down before it restarts");
  public static final Parameter<Integer> RESEND_ACKED =
      integer(
          "resendAcked",
          1,
          CHAOS,
          "after a rejoin each sender also re-sends its last N acknowledged messages");
  public static final Parameter<Integer> RECONNECT_FIRST_MS =
      integer("reconnectFirstMs", 250, CHAOS, "back-off before the first reconnect attempt, ms");
  public static final Parameter<Integer> RECONNECT_MAX_MS =
      integer("reconnectMaxMs", 4000, CHAOS, "longest back-off, ms (it doubles per attempt)");
  public static final Parameter<Integer> RECONNECT_ATTEMPTS =
      integer("reconnectAttempts", 40, CHAOS, "attempts before a user gives up");
  public static final Parameter<Integer> ACK_WAIT =
      integer("ackWait", 30, CHAOS, "seconds a sender waits for its last acks");

  // Container target.
  public static final Parameter<Double> CONTAINER_CPUS =
      decimal("containerCpus", 1, "target=container", "CPU limit of the container");
  public static final Parameter<String> CONTAINER_MEMORY =
      text("containerMemory", "512m", "target=container", "memory limit of the container");

  // Output.
  public static final Parameter<String> RESULTS_DIR =
      text(
          "resultsDir",
          "load-tests/target/load-results",
          ALL,
          "where each run's folder (results.json, summary.md, summary.html, chart.svg) goes");
  public static final Parameter<String> BASELINE =
      text(
          "baseline",
          "",
          ALL,
          "an earlier run to compare with: its folder, its results.json, or `last` (the latest"
              + " earlier run of the same simulation); the run also writes comparison.md and"
              + " comparison.svg");

  public static final Parameter<String> SECOND_OPINION =
      text(
          "secondOpinion",
          "",
          "Broadcast",
          "the raw-socket generator's result at the same load (`RawLoad --json`): the run fails"
              + " when the server's CPU per delivery differs from its by more than 15%");

  /** Every parameter, in the order of the table. */
  public static final List<Parameter<?>> EVERY =
      List.of(
          TARGET,
          SERVER_COMMAND,
          PROTOCOL,
          PATH,
          ECHO,
          CROSS_NODE,
          SOURCE_ADDRESSES,
          SERVER_PID,
          USERS,
          SENDERS,
          RATE,
          RATES,
          DURATION,
          STEP_DURATION,
          SIZE,
          RAMP_UP,
          DRAIN,
          TIMEOUT,
          P99_MS,
          CONNECT_P99_MS,
          MAX_BYTES_PER_CONNECTION,
          HOLD,
          MEMORY_EVERY,
          MEMORY_WARM_UP,
          MEMORY_SLOPE_MIB,
          MEMORY_GROWTH_PERCENT,
          BROKER,
          NODES,
          NODE_CPUS,
          NODE_HEAP,
          HISTORY_SIZE,
          CLUSTER_PORT,
          CLUSTER_REDIS_PORT,
          KILLS,
          KILL_AT,
          KILL_EVERY,
          KILL_NODE,
          DOWN_FOR,
          RESEND_ACKED,
          RECONNECT_FIRST_MS,
          RECONNECT_MAX_MS,
          RECONNECT_ATTEMPTS,
          ACK_WAIT,
          CONTAINER_CPUS,
          CONTAINER_MEMORY,
          RESULTS_DIR,
          BASELINE,
          SECOND_OPINION);

  private Parameters() {}

  /** The table of every parameter, as load-tests/README.md shows it. */
  public static String markdownTable() {
    StringBuilder table =
        new StringBuilder("| parameter | default | used by | meaning |\n|---|---|---|---|\n");
    for (Parameter<?> p : EVERY) {
      table
          .append("| `")
          .append(p.name())
          .append("` | ")
          .append(p.defaultText())
          .append(" | ")
          .append(p.usedBy())
          .append(" | ")
          .append(p.meaning())
          .append(" |\n");
    }
    return table.toString();
  }

  /** Every parameter's value in this run, by name: what results.json records. */
  public static Map<String, String> inEffect() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Parameter<?> p : EVERY) {
      Object value = p.get();
      values.put(
          p.name(),
          value instanceof List<?> list
              ? String.join(",", list.stream().map(String::valueOf).toList())
              : String.valueOf(value));
    }
    return values;
  }
}
