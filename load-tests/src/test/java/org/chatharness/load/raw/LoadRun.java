package org.chatharness.load.raw;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run against a plain broadcast server: open every connection, wait until the server is quiet,
 * send at the planned rate, wait until every receiver has every byte (bounded), and measure the
 * server's and the generator's CPU over that window.
 *
 * <pre>{@code
 * RunResult result = LoadRun.run(new LoadRun.Settings(URI.create("ws://127.0.0.1:8000/"),
 *     new RunResult.Load(1000, 10, 10, 40, 10, 100), serverPid, 4, 4, 1, Duration.ofSeconds(10)));
 * }</pre>
 */
final class LoadRun {
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  /** The server counts as quiet when it used less than this share of a core over a sample. */
  private static final double QUIET_SHARE = 0.05;

  private static final long QUIET_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long QUIET_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(15);

  /** A generator at this share of its core may be what limits the run. */
  private static final double GENERATOR_LIMIT_SHARE = 0.9;

  /** Other processes taking this share of the server's core delay it: latencies suffer first. */
  private static final double SERVER_CORE_DISTURBED = 0.1;

  /**
   * @param serverPid the server's process, for its CPU (-1: not measured)
   * @param sourceAddresses 127.0.0.x addresses to connect from (loopback targets only)
   * @param drainTimeout how long after the last send receivers may take to get everything
   */
  record Settings(
      URI target,
      RunResult.Load load,
      long serverPid,
      int sourceAddresses,
      int connectThreads,
      int sinkLoops,
      Duration drainTimeout) {}

  private LoadRun() {}

  static RunResult run(Settings settings) throws IOException, InterruptedException {
    RunResult.Load load = settings.load();
    Connector connector =
        new Connector(settings.target(), settings.sourceAddresses(), HANDSHAKE_TIMEOUT);
    Roles roles = Roles.spread(load.clients(), load.senders(), load.probes());
    long epoch = System.nanoTime();
    long connectStart = System.nanoTime();
    try (Fleet fleet =
        Fleet.open(
            connector,
            roles,
            settings.connectThreads(),
            settings.sinkLoops(),
            () -> new Probe(load.senders(), epoch))) {
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      Samples shakes = fleet.handshakes();
      RunResult.Handshakes handshakes =
          new RunResult.Handshakes(
              connectSeconds, shakes.millis(0.5), shakes.millis(0.99), shakes.millis(1.0));
      awaitQuiet(settings.serverPid());
      return measure(settings, fleet, epoch, handshakes);
    }
  }

  private static RunResult measure(
      Settings settings, Fleet fleet, long epoch, RunResult.Handshakes handshakes) {
    RunResult.Load load = settings.load();
    List<Receiver> receivers = fleet.receivers();
    long[] bytesBefore = receivers.stream().mapToLong(Receiver::dataBytes).toArray();
    long[] messagesBefore = receivers.stream().mapToLong(Receiver::messages).toArray();
    CpuWindow window = new CpuWindow(settings.serverPid());
    long count = Math.round(load.rate() * load.seconds());
    Senders.Outcome sent = Senders.send(fleet.senders(), load.rate(), count, load.size(), epoch);
    long frameBytes = ClientFrames.serverFrameBytes(load.size());
    long drainStart = System.nanoTime();
    long deadline = drainStart + settings.drainTimeout().toNanos();
    while (System.nanoTime() < deadline
        && !allReceived(receivers, bytesBefore, sent.sent() * frameBytes)) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    double drainMs = (System.nanoTime() - drainStart) / 1e6;
    RunResult.Cpu cpu = window.stop();

    RunResult.Completeness completeness =
        DeliveryTally.count(sent.sent(), frameBytes, receivers, bytesBefore, messagesBefore);
    Samples latencies = DeliveryTally.latencies(receivers);
    return new RunResult(
        load,
        handshakes,
        completeness,
        cpu.perDelivery(completeness.deliveries()),
        new RunResult.Latency(
            latencies.count(),
            latencies.millis(0.5),
            latencies.millis(0.99),
            latencies.millis(1.0)),
        new RunResult.Pace(
            sent.maxLagNanos() / 1e6, drainMs, generatorLimit(cpu, sent, load), disturbed(cpu)),
        sent.failure());
  }

  private static boolean allReceived(List<Receiver> receivers, long[] before, long expected) {
    for (int i = 0; i < receivers.size(); i++) {
      Receiver receiver = receivers.get(i);
      if (receiver.dataBytes() - before[i] < expected && receiver.ended() == null) {
        return false;
      }
    }
    return true;
  }

  /** Why the generator's core may have set the pace of this run, or null. */
  static String generatorLimit(RunResult.Cpu cpu, Senders.Outcome sent, RunResult.Load load) {
    double periodMs = 1e3 / load.rate();
    if (cpu.generatorShare() >= GENERATOR_LIMIT_SHARE) {
      return String.format(
          Locale.ROOT, "generator at %.0f%% of its core", 100 * cpu.generatorShare());
    }
    if (cpu.generatorCoreBusy() >= GENERATOR_LIMIT_SHARE) {
      return String.format(
          Locale.ROOT,
          "generator's core %.0f%% busy (other processes on it)",
          100 * cpu.generatorCoreBusy());
    }
    if (sent.maxLagNanos() / 1e6 > Math.max(10, periodMs)) {
      return String.format(
          Locale.ROOT, "senders fell %.0f ms behind their plan", sent.maxLagNanos() / 1e6);
    }
    return null;
  }

  /** How much other processes took of the server's core, when it is enough to matter, or null. */
  static String disturbed(RunResult.Cpu cpu) {
    if (!(cpu.serverCoreOthers() >= SERVER_CORE_DISTURBED)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "other processes took %.0f%% of the server's core",
        100 * cpu.serverCoreOthers());
  }

  /**
   * Waits (at most {@link #QUIET_PATIENCE_NANOS}) until the server has been quiet for one sample,
   * so the window does not carry the handshakes' or the previous run's work.
   */
  private static void awaitQuiet(long pid) {
    if (pid < 0) {
      return;
    }
    long deadline = System.nanoTime() + QUIET_PATIENCE_NANOS;
    long before = ProcCpu.processNanos(pid);
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(QUIET_SAMPLE_NANOS);
      long now = ProcCpu.processNanos(pid);
      if (now - before < QUIET_SHARE * QUIET_SAMPLE_NANOS) {
        return;
      }
      before = now;
    }
  }
}
