package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.report.CpuSampler;
import org.chatharness.load.report.GcPauses;
import org.chatharness.load.report.HeapSeries;
import org.chatharness.load.report.ServerMetrics;
import org.chatharness.load.report.SoakReport;
import org.chatharness.load.report.SoakSampler;
import org.chatharness.load.report.StepResult;
import org.chatharness.load.targets.Target;

/**
 * A long steady broadcast at about half the measured capacity, to show that the server holds it:
 * nothing lost or doubled (counted as in {@link BroadcastSimulation}), the own-copy p99 under a
 * generous bound, and the server's heap after GC flat. The heap is read every {@code heapEvery}
 * seconds (a full GC first) and judged by {@link HeapSeries}; a {@code heap after GC flat} request
 * at the end carries the verdict so an assertion can fail the run.
 *
 * <p>Defaults: 1,000 users, 20 messages/s (20,000 deliveries/s), 30 minutes. The knee measured in
 * docs/CAPACITY.md (1,000 users, p99 under 100 ms) had a median of 40,000 deliveries/s (40,000 in
 * four of six runs, 60,000 in one, none in one), so 20 messages/s is half of it. The load
 * generator's books stay small over such a run: per user two bit sets (36,000 messages = 4.5 KiB),
 * per message 25 bytes of arrays and 8 of latency.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=org.chatharness.load.SoakSimulation \
 *     -Dtarget=http://localhost:8000 -Dusers=1000 -Drate=20 -Dduration=1800 -DheapEvery=60
 * </pre>
 */
public class SoakSimulation extends Simulation {

  // Parameters: system properties with defaults (see load-tests/README.md).
  private final int users = Integer.getInteger("users", 1000);
  private final int senders = Math.min(users, Integer.getInteger("senders", 20));
  private final double rate = Double.parseDouble(System.getProperty("rate", "20"));
  private final int duration = Integer.getInteger("duration", 1800);
  private final int size = Integer.getInteger("size", 100);
  private final String room = System.getProperty("room", "soak");
  private final ChatProtocol protocol = ChatProtocol.named(System.getProperty("protocol", "plain"));
  private final int rampUp = Integer.getInteger("rampUp", Math.max(1, users / 200));
  private final int drain = Integer.getInteger("drain", 5);
  private final int echoTimeout = Integer.getInteger("echoTimeout", 10);
  private final int p99Ms = Integer.getInteger("p99Ms", 1000);
  private final double heapEvery = Double.parseDouble(System.getProperty("heapEvery", "60"));
  private final double heapWarmUp = Double.parseDouble(System.getProperty("heapWarmUp", "0.2"));
  private final double heapSlopeMiB = Double.parseDouble(System.getProperty("heapSlopeMiB", "4"));
  private final double heapGrowthPercent =
      Double.parseDouble(System.getProperty("heapGrowthPercent", "20"));
  private final List<String> sourceAddresses = Settings.list("sourceAddresses");
  private final boolean embedded = "embedded".equals(System.getProperty("target"));
  private final Target target = Target.fromSystemProperties();
  private final ServerMetrics serverMetrics = new ServerMetrics(target.nodes());

  private final DeliveryLedger ledger =
      new DeliveryLedger(protocol, users, senders, 1, Settings.roomScope(target));
  private final CpuSampler cpu = new CpuSampler(target.probe(), embedded);
  private final ChatUser user =
      new ChatUser(target, protocol, ledger, room, size, Duration.ofSeconds(echoTimeout));
  private final Duration sendInterval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(duration, rate, senders);
  private final double sendSeconds = sendsPerSender * senders / rate;
  private final HeapSeries heap =
      new HeapSeries(heapWarmUp * (rampUp + sendSeconds), heapSlopeMiB, heapGrowthPercent);
  private final SoakSampler sampler = new SoakSampler(heapAfterGc(), target.nodes().get(0), heap);

  // Protocol
  private final HttpProtocolBuilder httpProtocol =
      Settings.withSourceAddresses(
          http.wsUnmatchedInboundMessageBufferSize(Settings.INBOUND_BUFFER), sourceAddresses);

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders")
          .exec(
              user.broadcastSender(
                  Duration.ofSeconds(rampUp + 30L),
                  sendsPerSender,
                  sendInterval,
                  Duration.ofSeconds(drain)));

  private final ScenarioBuilder receiving =
      scenario("receivers")
          .exec(
              user.broadcastReceiver(Duration.ofSeconds(rampUp + 30L), Duration.ofSeconds(drain)));

  /**
   * Waits for the senders, has the last heap reading taken while every user is still connected, and
   * reports the heap verdict as a request (on {@code GET /health}, since Gatling records requests,
   * not bare values).
   */
  private final ScenarioBuilder heapWatch =
      scenario("heap")
          .exec(asLongAs(session -> !ledger.allSendersFinished()).on(pause(Duration.ofSeconds(1))))
          .exec(
              session -> {
                sampler.finish();
                return session;
              })
          .exec(
              asLongAsDuring(session -> !sampler.finished(), Duration.ofSeconds(120))
                  .on(pause(Duration.ofMillis(200))))
          .exec(
              exec(
                  http("heap after GC flat")
                      .get(target.httpUrl(0, "/health"))
                      .check(bodyString().transform(body -> heap.verdict()).is(HeapSeries.FLAT))));

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)),
            heapWatch.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("completeness").failedRequests().count().is(0L),
            details("completeness").successfulRequests().count().is((long) users),
            details("echo").responseTime().percentile(99.0).lt(p99Ms),
            details("heap after GC flat").successfulRequests().count().is(1L));
  }

  /**
   * The server's heap after a full GC: from its probe ({@code jcmd}) for a process on this machine;
   * for the embedded server, this JVM's heap after {@code System.gc()}, Gatling's included.
   */
  private LongSupplier heapAfterGc() {
    if (!embedded) {
      return target.probe()::memoryBytes;
    }
    return () -> {
      System.gc();
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    };
  }

  private String heapSource() {
    return embedded
        ? "heap after GC: this JVM after System.gc(), Gatling's heap included (server embedded)"
        : "heap after GC: " + target.probe().describe();
  }

  @Override
  public void before() {
    System.out.printf(
        Locale.ROOT,
        "soak: %d users (%d senders), %.1f messages/s for %d s, %d bytes, room %s, heap every"
            + " %.0f s, against %s%n",
        users,
        senders,
        rate,
        duration,
        size,
        room,
        heapEvery,
        target.describe());
    serverMetrics.start();
    cpu.start();
    sampler.start(heapEvery);
  }

  @Override
  public void after() {
    cpu.sample();
    cpu.close();
    sampler.close();
    try {
      StepResult run =
          StepResult.measure(
              ledger,
              cpu,
              0,
              ledger.connectedUsers(),
              rate,
              sendSeconds,
              senders / rate,
              senders / rate);
      List<String> context = new ArrayList<>();
      context.add("target: " + target.describe());
      context.add(heapSource());
      context.add(
          String.format(
              Locale.ROOT,
              "users %d (senders %d), rate %.1f messages/s, %d s, %d bytes, protocol %s, heap every"
                  + " %.0f s",
              users,
              senders,
              rate,
              duration,
              size,
              protocol.name(),
              heapEvery));
      context.add("heap rule: " + heap.rule());
      context.addAll(serverMetrics.deltaLines());
      SoakReport report =
          new SoakReport(context, SoakReport.Window.of(heap, ledger, cpu), findings(run), p99Ms);
      Path dir = report.write(Settings.reportDir());
      System.out.print(report.markdown());
      ledger.incompleteUsers().entrySet().stream()
          .limit(5)
          .forEach(e -> System.out.println("  user " + e.getKey() + ": " + e.getValue()));
      System.out.println("summary written to " + dir.toAbsolutePath());
    } finally {
      target.close();
    }
  }

  private List<String> findings(StepResult run) {
    List<String> findings = new ArrayList<>();
    List<HeapSeries.Sample> judged = heap.judged();
    String verdict = heap.verdict();
    findings.add(
        String.format(
            Locale.ROOT,
            "Heap after GC: %s. Slope %.2f MiB per 10 min, last reading %+.1f%% against the first"
                + " after the warm-up (%s → %s MiB, %d readings judged).",
            verdict,
            heap.slopeMiBPer10Min(),
            heap.growthPercent(),
            judged.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.1f", judged.get(0).heapMiB()),
            judged.isEmpty()
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f", judged.get(judged.size() - 1).heapMiB()),
            judged.size()));
    findings.add(
        String.format(
            Locale.ROOT,
            "Completeness: %d of %d connected users incomplete; %d copies missing, %d doubled, %d"
                + " own copies not back within %d s.",
            ledger.incompleteUsers().size(),
            ledger.connectedUsers(),
            run.missingCopies(),
            run.doubledCopies(),
            run.echoTimeouts(),
            echoTimeout));
    findings.add(
        String.format(
            Locale.ROOT,
            "Over the run: %.1f sends/s, %.0f deliveries/s, own-copy p50 %.1f ms, p95 %.1f ms, p99"
                + " %.1f ms (bound %d ms); server %s of a core, %.1f µs per delivery; load"
                + " generator %s; other CPU load %s.",
            run.sendsPerSecond(),
            run.deliveriesPerSecond(),
            run.p50Millis(),
            run.p95Millis(),
            run.p99Millis(),
            p99Ms,
            share(run.serverCpu()),
            run.serverCpuMicrosPerDelivery(),
            share(run.loadGeneratorCpu()),
            share(run.otherProcessesCpu())));
    List<HeapSeries.Sample> all = heap.samples();
    if (all.size() >= 2) {
      GcPauses gc = all.get(all.size() - 1).gc().since(all.get(0).gc());
      findings.add(
          String.format(
              Locale.ROOT,
              "Server GC over the run: %.0f pauses of its own, %.0f ms in all; %.0f forced by the"
                  + " heap readings.",
              gc.pauses(),
              gc.seconds() * 1000,
              gc.forced()));
    }
    if (embedded) {
      findings.add(
          "The server ran inside the Gatling JVM: the heap readings include Gatling's heap (and"
              + " its books), and each System.gc() pauses Gatling too; a regression check, not a"
              + " server measurement.");
    }
    return findings;
  }

  private static String share(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }
}
