package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.report.CapacityReport;
import org.chatharness.load.report.CpuSampler;
import org.chatharness.load.report.ServerMetrics;
import org.chatharness.load.report.StepResult;
import org.chatharness.load.targets.Target;

/**
 * Many senders and receivers in one room. Every user connects; once all have, the senders send
 * numbered messages at a fixed total rate and each times the round trip of its own copy through the
 * fan-out; after a drain pause every user checks it received every message sent while it was
 * connected, exactly once. A loss, a double, a failed request or a slow p99 fails the run.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=org.chatharness.load.BroadcastSimulation \
 *     -Dtarget=http://localhost:8000 -Dusers=1000 -Dsenders=40 -Drate=40 -Dduration=60
 * </pre>
 */
public class BroadcastSimulation extends Simulation {

  // Parameters: system properties with defaults (see load-tests/README.md).
  private final int users = Integer.getInteger("users", 100);
  private final int senders =
      Math.min(users, Integer.getInteger("senders", Math.max(1, users / 10)));
  private final double rate = Double.parseDouble(System.getProperty("rate", "20"));
  private final int duration = Integer.getInteger("duration", 30);
  private final int size = Integer.getInteger("size", 100);
  private final String room = System.getProperty("room", "load");
  private final ChatProtocol protocol = ChatProtocol.named(System.getProperty("protocol", "plain"));
  private final int rampUp = Integer.getInteger("rampUp", Math.max(1, users / 200));
  private final int drain = Integer.getInteger("drain", 5);
  private final int echoTimeout = Integer.getInteger("echoTimeout", 10);
  private final int p99Ms = Integer.getInteger("p99Ms", 100);
  private final List<String> sourceAddresses = Settings.list("sourceAddresses");
  private final Target target = Target.fromSystemProperties();
  private final ServerMetrics serverMetrics = new ServerMetrics(target.nodes());

  private final DeliveryLedger ledger =
      new DeliveryLedger(protocol, users, senders, 1, Settings.roomScope(target));
  private final CpuSampler cpu =
      new CpuSampler(target.probe(), "embedded".equals(System.getProperty("target")));
  private final ChatUser user =
      new ChatUser(target, protocol, ledger, room, size, Duration.ofSeconds(echoTimeout));
  private final Duration sendInterval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(duration, rate, senders);
  private final double sendSeconds = sendsPerSender * senders / rate;

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

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)))
        .protocols(httpProtocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("completeness").failedRequests().count().is(0L),
            details("completeness").successfulRequests().count().is((long) users),
            details("echo").responseTime().percentile(99.0).lt(p99Ms));
  }

  @Override
  public void before() {
    System.out.printf(
        Locale.ROOT,
        "broadcast: %d users (%d senders), %.1f messages/s for %d s, %d bytes, room %s, against %s%n",
        users,
        senders,
        rate,
        duration,
        size,
        room,
        target.describe());
    serverMetrics.start();
    cpu.start();
  }

  @Override
  public void after() {
    cpu.sample();
    cpu.close();
    try {
      StepResult result =
          StepResult.measure(
              ledger,
              cpu,
              0,
              ledger.connectedUsers(),
              rate,
              sendSeconds,
              senders / rate,
              senders / rate);
      CapacityReport report =
          new CapacityReport(
              "Broadcast",
              withServerMetrics(
                  List.of(
                      "target: " + target.describe(),
                      "server probe: " + target.probe().describe(),
                      String.format(
                          Locale.ROOT,
                          "users %d (senders %d), rate %.1f messages/s, %d s, %d bytes, protocol %s",
                          users,
                          senders,
                          rate,
                          duration,
                          size,
                          protocol.name()))),
              List.of(result),
              p99Ms);
      Path dir = report.write(Settings.reportDir(), "broadcast");
      System.out.print(report.markdown());
      var incomplete = ledger.incompleteUsers();
      System.out.printf(
          Locale.ROOT,
          "completeness: %d of %d connected users incomplete%n",
          incomplete.size(),
          ledger.connectedUsers());
      incomplete.entrySet().stream()
          .limit(5)
          .forEach(e -> System.out.println("  user " + e.getKey() + ": " + e.getValue()));
      System.out.println("summary written to " + dir.toAbsolutePath());
    } finally {
      target.close();
    }
  }

  /** The run's header lines followed by the server's own meters over the run. */
  private List<String> withServerMetrics(List<String> header) {
    List<String> lines = new ArrayList<>(header);
    lines.addAll(serverMetrics.deltaLines());
    return lines;
  }
}
