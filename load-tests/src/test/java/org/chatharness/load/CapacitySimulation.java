package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static org.chatharness.load.Parameters.DRAIN;
import static org.chatharness.load.Parameters.P99_MS;
import static org.chatharness.load.Parameters.RAMP_UP;
import static org.chatharness.load.Parameters.RATES;
import static org.chatharness.load.Parameters.SENDERS;
import static org.chatharness.load.Parameters.SOURCE_ADDRESSES;
import static org.chatharness.load.Parameters.STEP_DURATION;
import static org.chatharness.load.Parameters.USERS;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.results.StepResult;

/**
 * Finds the knee: a fixed set of users in one room, and steps of rising total send rate, each
 * measured like a broadcast. A step that fails (p99 over the bound, an error, a loss, senders
 * falling behind, a connection gone) stops the run after it; the knee is the last step before the
 * first failing one. The run passes when every user connected and at least one step held.
 *
 * <pre>
 * ./mvnw -pl load-tests -am verify -Dsimulation=Capacity -Dusers=1000 -Drates=40,80,160,240 \
 *     -DserverCommand="java -jar chat-server/target/chat-server.jar --port 0 ..."
 * </pre>
 */
public class CapacitySimulation extends Simulation {

  // Parameters (all of them, with defaults and meanings: Parameters)
  private final int users = USERS.get();
  private final int senders = Math.min(users, SENDERS.get());
  private final List<Double> rates = RATES.get().stream().map(Double::valueOf).toList();
  private final int stepDuration = STEP_DURATION.get();
  private final int rampUp = RAMP_UP.get();
  private final Duration drain = Duration.ofSeconds(DRAIN.get());
  private final double p99Ms = P99_MS.get();
  private final Duration awaitMax = Duration.ofSeconds(rampUp + 30L);

  private final BroadcastRun run =
      new BroadcastRun(
          "capacity",
          users,
          senders,
          rates.size(),
          String.format(
              Locale.ROOT,
              "%d users (%d senders), steps of %d s at %s messages/s",
              users,
              senders,
              stepDuration,
              rates));
  private final ChatUser user = run.user();
  private final StepJudge judge = new StepJudge(run.ledger, run.target, p99Ms);

  // Protocol
  private final HttpProtocolBuilder httpProtocol = ChatUser.httpProtocol(SOURCE_ADDRESSES.get());

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders").exec(user.sender(awaitMax, interval(0), steps(), drain));

  private final ScenarioBuilder receiving =
      scenario("receivers").exec(user.receiver(awaitMax, drain));

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)))
        .protocols(httpProtocol)
        .assertions(details("connect").failedRequests().count().is(0L));
  }

  private Duration interval(int step) {
    return Duration.ofNanos((long) (1e9 * senders / rates.get(step)));
  }

  private int sendsPerSender(int step) {
    return ChatUser.sendsPerSender(stepDuration, rates.get(step), senders);
  }

  /** Each step: if every step before it held, send at its rate for the step's duration. */
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

  @Override
  public void before() {
    run.start();
  }

  @Override
  public void after() {
    try {
      List<StepResult> steps = new ArrayList<>();
      for (int i = 0; i < rates.size() && run.ledger.stepStartNanos(i) != 0; i++) {
        steps.add(run.measure(i, rates.get(i), sendsPerSender(i), rates.get(0), p99Ms));
      }
      int knee = -1;
      while (knee + 1 < steps.size() && steps.get(knee + 1).passes()) {
        knee++;
      }
      List<String> findings = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      if (knee < 0) {
        failures.add("no step held (p99 within " + p99Ms + " ms, no error, no loss)");
      } else {
        StepResult best = steps.get(knee);
        findings.add(
            String.format(
                Locale.ROOT,
                "Knee: step %d, %.0f deliveries/s (%.0f sends/s to %d users) with p99 %.1f ms%s.",
                knee,
                best.deliveriesPerSecond(),
                best.sendsPerSecond(),
                best.users(),
                best.p99Millis(),
                knee == rates.size() - 1 ? " (the last step: the real knee is higher)" : ""));
      }
      run.finish(run.result(steps, List.of(), findings, failures));
    } finally {
      run.close();
    }
  }
}
