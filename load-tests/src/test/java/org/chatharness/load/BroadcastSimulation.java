package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static org.chatharness.load.Parameters.DRAIN;
import static org.chatharness.load.Parameters.DURATION;
import static org.chatharness.load.Parameters.P99_MS;
import static org.chatharness.load.Parameters.RAMP_UP;
import static org.chatharness.load.Parameters.RATE;
import static org.chatharness.load.Parameters.SECOND_OPINION;
import static org.chatharness.load.Parameters.SENDERS;
import static org.chatharness.load.Parameters.SOURCE_ADDRESSES;
import static org.chatharness.load.Parameters.USERS;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.results.SecondOpinion;
import org.chatharness.load.results.StepResult;

/**
 * Many senders and receivers in one room at a steady rate: its latency, the server's CPU per
 * delivery, and whether every user received every message sent while it was connected, exactly
 * once. Gatling asserts the handshakes; the run's results.json holds the rest of the verdict, which
 * Maven checks after the run (load-tests/README.md, "Verdicts").
 *
 * <pre>
 * ./mvnw -pl load-tests -am verify -Dsimulation=Broadcast -Dusers=1000 -Dsenders=40 -Drate=40 \
 *     -DserverCommand="java -jar chat-server/target/chat-server.jar --port 0 ..."
 * </pre>
 */
public class BroadcastSimulation extends Simulation {

  // Parameters (all of them, with defaults and meanings: Parameters)
  private final int users = USERS.get();
  private final int senders = Math.min(users, SENDERS.get());
  private final double rate = RATE.get();
  private final int rampUp = RAMP_UP.get();
  private final Duration drain = Duration.ofSeconds(DRAIN.get());
  private final double p99Ms = P99_MS.get();
  private final Duration interval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(DURATION.get(), rate, senders);
  private final Duration awaitMax = Duration.ofSeconds(rampUp + 30L);

  private final BroadcastRun run =
      new BroadcastRun(
          "broadcast",
          users,
          senders,
          1,
          String.format(
              Locale.ROOT,
              "%d users (%d senders), %.1f messages/s for %d s",
              users,
              senders,
              rate,
              DURATION.get()));
  private final ChatUser user = run.user();

  // Protocol
  private final HttpProtocolBuilder httpProtocol = ChatUser.httpProtocol(SOURCE_ADDRESSES.get());

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders")
          .exec(
              user.sender(awaitMax, interval, user.sendPaced(0, sendsPerSender, interval), drain));

  private final ScenarioBuilder receiving =
      scenario("receivers").exec(user.receiver(awaitMax, drain));

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)))
        .protocols(httpProtocol)
        .assertions(details("connect").failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    run.start();
  }

  @Override
  public void after() {
    try {
      StepResult step = run.measure(0, rate, sendsPerSender, rate, p99Ms);
      List<String> findings = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      if (!step.passes()) {
        failures.add(step.verdict());
      }
      if (SECOND_OPINION.isSet()) {
        SecondOpinion second = SecondOpinion.of(step, Path.of(SECOND_OPINION.get()));
        findings.add(second.finding());
        if (second.judged() && !second.agrees()) {
          failures.add("the second opinion on the server's CPU per delivery disagrees");
        }
      }
      run.finish(run.result(List.of(step), List.of(), findings, failures));
    } finally {
      run.close();
    }
  }
}
