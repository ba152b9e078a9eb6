package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static org.chatharness.load.Parameters.DRAIN;
import static org.chatharness.load.Parameters.DURATION;
import static org.chatharness.load.Parameters.MEMORY_EVERY;
import static org.chatharness.load.Parameters.MEMORY_GROWTH_PERCENT;
import static org.chatharness.load.Parameters.MEMORY_SLOPE_MIB;
import static org.chatharness.load.Parameters.MEMORY_WARM_UP;
import static org.chatharness.load.Parameters.P99_MS;
import static org.chatharness.load.Parameters.RAMP_UP;
import static org.chatharness.load.Parameters.RATE;
import static org.chatharness.load.Parameters.SENDERS;
import static org.chatharness.load.Parameters.SOURCE_ADDRESSES;
import static org.chatharness.load.Parameters.USERS;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.ledger.MemorySeries;
import org.chatharness.load.probes.MemorySampler;
import org.chatharness.load.results.MemoryReading;
import org.chatharness.load.results.StepResult;

/**
 * A long steady broadcast, to show that the server holds it: judged as a broadcast (nothing lost or
 * doubled, p99 within its bound), and the server's memory read every {@code memoryEvery} seconds (a
 * full GC first) must stay flat ({@link MemorySeries}). Against a server whose memory cannot be
 * read here (a remote one), the memory is reported as not judged.
 *
 * <pre>
 * ./mvnw -pl load-tests -am verify -Dsimulation=Soak -Dusers=1000 -Dsenders=20 -Drate=20 \
 *     -Dduration=1800 -Dp99Ms=1000 -DserverCommand="java -jar chat-server/target/chat-server.jar ..."
 * </pre>
 */
public class SoakSimulation extends Simulation {

  // Parameters (all of them, with defaults and meanings: Parameters)
  private final int users = USERS.get();
  private final int senders = Math.min(users, SENDERS.get());
  private final double rate = RATE.get();
  private final int rampUp = RAMP_UP.get();
  private final Duration drain = Duration.ofSeconds(DRAIN.get());
  private final Duration interval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(DURATION.get(), rate, senders);
  private final Duration awaitMax = Duration.ofSeconds(rampUp + 30L);
  private final double runSeconds = rampUp + sendsPerSender * interval.toNanos() / 1e9;
  private final MemorySeries memory =
      new MemorySeries(
          MEMORY_WARM_UP.get() * runSeconds, MEMORY_SLOPE_MIB.get(), MEMORY_GROWTH_PERCENT.get());

  private final BroadcastRun run =
      new BroadcastRun(
          "soak",
          users,
          senders,
          1,
          String.format(
              Locale.ROOT,
              "%d users (%d senders), %.1f messages/s for %d s, memory read every %.0f s",
              users,
              senders,
              rate,
              DURATION.get(),
              MEMORY_EVERY.get()));
  private final ChatUser user = run.user();
  private final MemorySampler sampler =
      new MemorySampler(
          run::memoryAfterGc, run.target.nodes().get(0), memory, run.ledger::takeWindow);

  // Protocol
  private final HttpProtocolBuilder httpProtocol = ChatUser.httpProtocol(SOURCE_ADDRESSES.get());

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders")
          .exec(
              user.sender(awaitMax, interval, user.sendPaced(0, sendsPerSender, interval), drain));

  private final ScenarioBuilder receiving =
      scenario("receivers").exec(user.receiver(awaitMax, drain));

  /** Takes the last reading once the senders are done, while every user is still connected. */
  private final ScenarioBuilder lastReading =
      scenario("memory")
          .asLongAs(session -> !run.ledger.allSendersFinished())
          .on(pause(Duration.ofSeconds(1)))
          .exec(
              session -> {
                sampler.finish();
                return session;
              })
          .exec(
              asLongAsDuring(session -> !sampler.finished(), Duration.ofSeconds(120))
                  .on(pause(Duration.ofMillis(200))));

  {
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)),
            lastReading.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(details("connect").failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    run.start();
    sampler.start(MEMORY_EVERY.get());
  }

  @Override
  public void after() {
    try {
      sampler.close();
      StepResult step = run.measure(0, rate, sendsPerSender, rate, P99_MS.get());
      List<String> findings = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      if (!step.passes()) {
        failures.add(step.verdict());
      }
      BroadcastRun.judgeMemory(memory, findings, failures);
      List<MemoryReading> readings = MemoryReading.of(sampler.readings(), run.cpu);
      run.finish(run.result(List.of(step), readings, findings, failures));
    } finally {
      run.close();
    }
  }
}
