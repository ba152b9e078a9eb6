package org.chatharness.load;

import static org.chatharness.load.Parameters.BASELINE;
import static org.chatharness.load.Parameters.CROSS_NODE;
import static org.chatharness.load.Parameters.ECHO;
import static org.chatharness.load.Parameters.PATH;
import static org.chatharness.load.Parameters.PROTOCOL;
import static org.chatharness.load.Parameters.RESULTS_DIR;
import static org.chatharness.load.Parameters.SIZE;
import static org.chatharness.load.Parameters.TARGET;
import static org.chatharness.load.Parameters.TIMEOUT;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.ledger.MemorySeries;
import org.chatharness.load.probes.CpuSampler;
import org.chatharness.load.probes.ServerMetrics;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.results.MemoryReading;
import org.chatharness.load.results.RunFolder;
import org.chatharness.load.results.RunResult;
import org.chatharness.load.results.StepResult;
import org.chatharness.load.targets.Target;

/**
 * What the broadcast simulations (Broadcast, Capacity, Soak) share around their scenarios: the
 * target, the delivery ledger, the CPU and meter probes, and the run's folder; and, at the end, the
 * verdict on connections and completeness that every one of them asserts.
 */
final class BroadcastRun implements AutoCloseable {
  // Every parameter is read (and a bad one refused) before a server is started.
  private final Map<String, String> parameters = Parameters.inEffect();
  private final ChatProtocol protocol = ChatProtocol.named(PROTOCOL.get());
  final boolean echo = ECHO.get();
  final Target target;
  final DeliveryLedger ledger;
  final CpuSampler cpu;
  private final ServerMetrics meters;
  private final String simulation;
  private final int users;
  private final int senders;
  private final String description;
  private final RunFolder folder;

  /**
   * @param description what runs, in a line
   */
  BroadcastRun(String simulation, int users, int senders, int steps, String description) {
    this.simulation = simulation;
    this.users = users;
    this.senders = senders;
    this.description = description + ", " + protocol.name() + " protocol";
    this.folder = new RunFolder(Path.of(RESULTS_DIR.get()), simulation, parameters);
    this.target = Target.fromParameters();
    this.cpu = new CpuSampler(target.probe(), "embedded".equals(TARGET.get()));
    this.meters = new ServerMetrics(target.nodes());
    this.ledger =
        new DeliveryLedger(
            protocol,
            echo,
            users,
            senders,
            steps,
            CROSS_NODE.get() ? userId -> 0 : target::nodeIndex);
  }

  /** A chat user of this run. */
  ChatUser user() {
    return new ChatUser(
        target, protocol, ledger, PATH.get(), SIZE.get(), Duration.ofSeconds(TIMEOUT.get()), echo);
  }

  /** Starts the probes; call from the simulation's {@code before()}. */
  void start() {
    System.out.println(simulation + ": " + description + ", against " + target.describe());
    meters.start();
    cpu.start();
  }

  /**
   * Measures step {@code step}: {@code sends} messages per sender at {@code rate} messages/s, the
   * senders' phases spread over the first step's interval (at {@code firstRate}).
   */
  StepResult measure(int step, double rate, int sends, double firstRate, double p99Ms) {
    cpu.sample();
    double interval = senders / rate;
    return StepResult.measure(
        ledger, cpu, step, rate, sends * interval, interval, senders / firstRate, p99Ms);
  }

  /**
   * The server's memory after a full GC: from its probe for a process on this machine; for the
   * embedded server, this JVM's heap after {@code System.gc()}, Gatling's included.
   */
  long memoryAfterGc() {
    if (!"embedded".equals(TARGET.get())) {
      return target.probe().memoryBytes();
    }
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The definition of the run's latency figure, named in every report. */
  String latencyFigure() {
    return echo
        ? "own-copy latency: from just before a sender sends a message to its receipt of its own"
            + " copy through the fan-out (nanosecond clock), one sample per message; a copy not"
            + " back within `timeout` is an error, not a sample"
        : "delivery latency: from just before a message is sent to its receipt by each other"
            + " user (Gatling's receive time, millisecond resolution), one sample per delivery";
  }

  /**
   * The run's result: its steps and readings, the simulation's own findings and failures, and the
   * verdict on what every broadcast run asserts: every user connected and, unless the steps judge
   * it themselves (a capacity run may lose users past its knee), every one complete.
   */
  RunResult result(
      List<StepResult> steps,
      List<MemoryReading> memory,
      List<String> findings,
      List<String> failures) {
    List<String> allFindings = new ArrayList<>(findings);
    List<String> allFailures = new ArrayList<>(failures);
    if (ledger.connectedUsers() < users) {
      allFailures.add(ledger.connectedUsers() + " of " + users + " users connected");
    }
    var incomplete = ledger.incompleteUsers();
    allFindings.add(
        "Completeness: "
            + incomplete.size()
            + " of "
            + ledger.connectedUsers()
            + " connected users missed or doubled a message"
            + (incomplete.isEmpty() ? "." : ", for example user " + first(incomplete) + "."));
    if (!incomplete.isEmpty() && steps.size() == 1) {
      allFailures.add(incomplete.size() + " users incomplete");
    }
    return new RunResult(
        simulation,
        folder.started(),
        RunFolder.now(),
        description,
        parameters,
        target.describe(),
        target.probe().describe(),
        latencyFigure(),
        steps,
        memory,
        Map.of(),
        meters.deltaLines(),
        allFindings,
        allFailures,
        steps.isEmpty() ? "unknown" : steps.get(steps.size() - 1).limitedBy());
  }

  private static String first(java.util.SortedMap<Long, String> incomplete) {
    var entry = incomplete.entrySet().iterator().next();
    return entry.getKey() + " (" + entry.getValue() + ")";
  }

  /** Writes the results and summary, and the comparison when a baseline was given. */
  void finish(RunResult result) {
    folder.finish(result, BASELINE.get());
  }

  /** The server's memory, judged flat or not, as a finding and (when it was measured) a verdict. */
  static void judgeMemory(MemorySeries memory, List<String> findings, List<String> failures) {
    String verdict = memory.verdict();
    findings.add(
        String.format(
            java.util.Locale.ROOT,
            "Server memory: %s (%s); slope %.2f MiB per 10 min, last reading %+.1f%%.",
            verdict,
            memory.rule(),
            memory.slopeMiBPer10Min(),
            memory.growthPercent()));
    boolean measured = memory.samples().stream().anyMatch(s -> s.bytes() >= 0);
    if (measured && !MemorySeries.FLAT.equals(verdict)) {
      failures.add("server memory not flat: " + verdict);
    }
    if ("embedded".equals(TARGET.get())) {
      findings.add(
          "The server ran inside the Gatling JVM: memory readings include Gatling's heap, and"
              + " each System.gc() pauses Gatling too; a regression check, not a measurement.");
    }
  }

  @Override
  public void close() {
    cpu.close();
    target.close();
  }
}
