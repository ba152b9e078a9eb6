package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
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
 * Finds the knee: a fixed set of users in one room, and steps of rising total send rate. Each step
 * is measured like a broadcast run (own-copy latency, deliveries, loss) together with the server's
 * and Gatling's CPU; the run stops one step after the first that fails, and writes a summary table
 * and chart under {@code target/capacity/}. The knee is the last step whose p99 stayed under the
 * threshold with no error and no loss.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=org.chatharness.load.CapacitySimulation \
 *     -Dtarget=http://localhost:8000 -Dusers=1000 -Drates=40,80,160,240,320
 * </pre>
 */
public class CapacitySimulation extends Simulation {

  // Parameters: system properties with defaults (see load-tests/README.md).
  private final int users = Integer.getInteger("users", 1000);
  private final int senders = Math.min(users, Integer.getInteger("senders", Math.min(users, 100)));
  private final List<Double> rates =
      Settings.list("rates").isEmpty()
          ? List.of(10.0, 20.0, 40.0, 80.0, 120.0, 160.0, 200.0, 240.0, 280.0)
          : Settings.list("rates").stream().map(Double::parseDouble).toList();
  private final int stepDuration = Integer.getInteger("stepDuration", 15);
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
      new DeliveryLedger(protocol, users, senders, rates.size(), Settings.roomScope(target));
  private final CpuSampler cpu =
      new CpuSampler(target.probe(), "embedded".equals(System.getProperty("target")));
  private final StepJudge judge = new StepJudge(ledger, target, p99Ms);
  private final ChatUser user =
      new ChatUser(target, protocol, ledger, room, size, Duration.ofSeconds(echoTimeout));

  // Protocol
  private final HttpProtocolBuilder httpProtocol =
      Settings.withSourceAddresses(
          http.wsUnmatchedInboundMessageBufferSize(Settings.INBOUND_BUFFER), sourceAddresses);

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders")
          .exec(user.connect())
          .exec(user.awaitEveryone(Duration.ofSeconds(rampUp + 30L)))
          .exec(pause(Duration.ZERO, interval(0)))
          .exec(steps())
          .exec(user.finishSending())
          .exec(user.receiveUntilSendersFinish(Duration.ofMillis(500)))
          .exec(user.drainAndLeave(Duration.ofSeconds(drain)))
          .exec(user.close());

  private final ScenarioBuilder receiving =
      scenario("receivers")
          .exec(user.connect())
          .exec(user.awaitEveryone(Duration.ofSeconds(rampUp + 30L)))
          .exec(user.receiveUntilSendersFinish(Duration.ofSeconds(1)))
          .exec(user.drainAndLeave(Duration.ofSeconds(drain)))
          .exec(user.close());

  /** One user that waits for the end, writes the summary and reports whether a step held. */
  private final ScenarioBuilder reporting =
      scenario("report")
          .exec(asLongAs(session -> !ledger.allSendersFinished()).on(pause(Duration.ofSeconds(1))))
          .exec(pause(Duration.ofSeconds(drain + 2L)))
          .exec(session -> session.set("verdict", writeReport()))
          .exec(
              http("capacity")
                  .get(session -> target.httpUrl(0, "/health"))
                  .check(
                      bodyString()
                          .transformWithSession((body, session) -> session.getString("verdict"))
                          .is("ok")));

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)),
            reporting.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(
            details("connect").failedRequests().count().is(0L),
            details("capacity").failedRequests().count().is(0L));
  }

  private Duration interval(int step) {
    return Duration.ofNanos((long) (1e9 * senders / rates.get(step)));
  }

  private int sendsPerSender(int step) {
    return ChatUser.sendsPerSender(stepDuration, rates.get(step), senders);
  }

  /** How long a step sends: its messages per sender times its interval. */
  private double stepSeconds(int step) {
    return sendsPerSender(step) * senders / rates.get(step);
  }

  /** Each step: if the previous one held, send at its rate for the step's duration. */
  private ChainBuilder steps() {
    ChainBuilder chain = exec(session -> session);
    for (int i = 0; i < rates.size(); i++) {
      int step = i;
      chain =
          chain.exec(
              doIf(session -> judge.mayStart(step))
                  .then(user.sendPaced(step, sendsPerSender(step), interval(step))));
    }
    return chain;
  }

  /** Measures every step that ran, writes the summary, and returns "ok" or why not. */
  private String writeReport() {
    cpu.sample();
    List<StepResult> results = new ArrayList<>();
    for (int step = 0; step < rates.size(); step++) {
      if (ledger.stepStartNanos(step) == 0) {
        break;
      }
      results.add(
          StepResult.measure(
              ledger,
              cpu,
              step,
              ledger.connectedUsers(),
              rates.get(step),
              stepSeconds(step),
              senders / rates.get(step),
              senders / rates.get(0)));
    }
    CapacityReport report =
        new CapacityReport(
            "Capacity",
            withServerMetrics(
                List.of(
                    "target: " + target.describe(),
                    "server probe: " + target.probe().describe(),
                    String.format(
                        Locale.ROOT,
                        "users %d (senders %d), steps of %d s at %s messages/s, %d bytes, protocol %s,"
                            + " p99 threshold %d ms",
                        users,
                        senders,
                        stepDuration,
                        rates,
                        size,
                        protocol.name(),
                        p99Ms))),
            results,
            p99Ms);
    Path dir = report.write(Settings.reportDir(), "capacity");
    System.out.print(report.markdown());
    System.out.println("summary written to " + dir.toAbsolutePath());
    return report.knee() >= 0 ? "ok" : "no step held";
  }

  @Override
  public void before() {
    System.out.printf(
        Locale.ROOT,
        "capacity: %d users (%d senders), rates %s messages/s, %d s each, against %s%n",
        users,
        senders,
        rates,
        stepDuration,
        target.describe());
    serverMetrics.start();
    cpu.start();
  }

  @Override
  public void after() {
    cpu.close();
    target.close();
  }

  /** The run's header lines followed by the server's own meters over the run. */
  private List<String> withServerMetrics(List<String> header) {
    List<String> lines = new ArrayList<>(header);
    lines.addAll(serverMetrics.deltaLines());
    return lines;
  }
}
