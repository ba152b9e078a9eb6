package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static org.chatharness.load.Parameters.ACK_WAIT;
import static org.chatharness.load.Parameters.DRAIN;
import static org.chatharness.load.Parameters.DURATION;
import static org.chatharness.load.Parameters.PATH;
import static org.chatharness.load.Parameters.RAMP_UP;
import static org.chatharness.load.Parameters.RATE;
import static org.chatharness.load.Parameters.RESULTS_DIR;
import static org.chatharness.load.Parameters.SENDERS;
import static org.chatharness.load.Parameters.USERS;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.chatharness.load.chaos.ChaosLedger;
import org.chatharness.load.chaos.ChaosSchedule;
import org.chatharness.load.chaos.ChaosUsers;
import org.chatharness.load.chaos.ChaosVerdict;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.load.results.RunFolder;
import org.chatharness.load.targets.ClusterTarget;

/**
 * Chaos under load: chat.v1 users in one room of a cluster this run starts (Redis and two
 * chat-server processes by default), senders at a fixed total rate, while nodes are killed with
 * SIGKILL and restarted on schedule. Users reconnect to the next node, resume with {@code since}
 * and re-send what was not acknowledged with the same cid. The run passes when every message was
 * acknowledged once, and every user received every acknowledged message after its first welcome
 * exactly once, in order, and sees exactly the users in the room as online ({@link ChaosVerdict}).
 *
 * <p>Gatling injects and paces the users; each one is a plain WebSocket client ({@code
 * chaos.ChaosClient} says why), so Gatling's own report has no requests here: the run's summary and
 * results.json have its figures.
 *
 * <pre>
 * ./mvnw -pl load-tests -am verify -Dsimulation=Chaos -Dusers=1000 -Drate=40 -Dduration=120
 * </pre>
 */
public class ChaosSimulation extends Simulation {

  // Parameters (all of them, with defaults and meanings: Parameters)
  private final int users = USERS.get();
  private final int senders = Math.min(users, SENDERS.get());
  private final double rate = RATE.get();
  private final int rampUp = RAMP_UP.get();
  private final Duration interval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(DURATION.get(), rate, senders);

  private final RunFolder folder =
      new RunFolder(Path.of(RESULTS_DIR.get()), "chaos", Parameters.inEffect());
  private final ClusterTarget cluster = ClusterTarget.start();
  private final V1Protocol protocol = new V1Protocol();
  private final ChaosLedger ledger =
      new ChaosLedger(protocol, users, senders, cluster.nodes().size());
  private final ChaosSchedule schedule = ChaosSchedule.fromParameters(cluster.nodes().size());
  private final ChaosUsers chatUsers =
      new ChaosUsers(
          cluster.nodes(), PATH.get(), protocol, ledger, ChaosUsers.Settings.fromParameters());
  private final ChaosVerdict verdict =
      new ChaosVerdict(
          String.format(
              Locale.ROOT,
              "%d chat.v1 users (%d senders), %.1f messages/s for %d s; %s",
              users,
              senders,
              rate,
              DURATION.get(),
              schedule.describe()),
          folder,
          cluster,
          ledger,
          schedule,
          chatUsers);
  private final AtomicLong chatUserIds = new AtomicLong();
  private volatile boolean judged;

  // Protocol: the chat users are plain WebSocket clients; Gatling's HTTP reads each node's health.
  private final HttpProtocolBuilder httpProtocol = http;

  // Scenarios
  private final ScenarioBuilder chatting =
      scenario("chat.v1 users")
          .exec(
              session -> {
                long userId = chatUserIds.incrementAndGet();
                chatUsers.start(userId, userId <= senders ? sendsPerSender : 0, interval);
                return session;
              })
          .asLongAs(session -> !judged)
          .on(pause(Duration.ofMillis(500)));

  /**
   * What a client sees of each node every second: its {@code /health} (request {@code node N}),
   * failing while the node is down. It gives Gatling's report the outages; nothing is asserted on
   * it, since a killed node must fail it.
   */
  private final ScenarioBuilder availability =
      scenario("availability")
          .asLongAs(session -> !judged)
          .on(
              pause(Duration.ofSeconds(1))
                  .foreach(nodeIndexes(), "node")
                  .on(
                      exec(
                          http(session -> "node " + session.getInt("node"))
                              .get(session -> healthUrl(session.getInt("node")))
                              .check(status().is(200)))));

  /**
   * Starts the kills once everyone is in; judges everyone once it is over, before anyone leaves.
   */
  private final ScenarioBuilder chaos =
      scenario("chaos")
          .asLongAsDuring(session -> !ledger.everyoneArrived(), Duration.ofSeconds(rampUp + 60L))
          .on(pause(Duration.ofMillis(50)))
          .exec(
              session -> {
                schedule.start(ledger, cluster::kill, cluster::restart);
                return session;
              })
          .asLongAsDuring(
              session -> !(ledger.allSendersFinished() && ledger.isChaosDone()), longestRun())
          .on(pause(Duration.ofMillis(500)))
          .exec(pause(Duration.ofSeconds(DRAIN.get())))
          .exec(
              session -> {
                verdict.judge();
                judged = true;
                return session;
              });

  // No Gatling assertion: the verdict is the ledger's, checked after the run (README, "Verdicts").
  {
    setUp(
            chatting.injectOpen(rampUsers(users).during(rampUp)),
            chaos.injectOpen(atOnceUsers(1)),
            availability.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol);
  }

  /** Past this, the run is judged as it stands: a user that never got back must not hang it. */
  private Duration longestRun() {
    return schedule.end().plus(Duration.ofSeconds(DURATION.get() + ACK_WAIT.get() + 120L));
  }

  private List<Object> nodeIndexes() {
    return IntStream.range(0, cluster.nodes().size()).boxed().map(Object.class::cast).toList();
  }

  private String healthUrl(int node) {
    return cluster.nodes().get(node).resolve("/health").toString();
  }

  @Override
  public void after() {
    try {
      chatUsers.close();
      verdict.write();
    } finally {
      cluster.close();
    }
  }
}
