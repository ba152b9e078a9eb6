package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.chaos.Backoff;
import org.chatharness.load.chaos.ChaosLedger;
import org.chatharness.load.chaos.ChaosSchedule;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.load.report.ChaosReport;
import org.chatharness.load.targets.ClusterTarget;

/**
 * Chaos under load: chat.v1 users in one room of a cluster this simulation starts (Redis and two
 * chat-server processes by default), senders sending at a fixed total rate, while nodes are killed
 * with SIGKILL and restarted on schedule. Users reconnect to the next node, resume with {@code
 * since} and re-send what was not acknowledged with the same cid. At the end every message must
 * have been acknowledged, and every user must have received every acknowledged message after its
 * first welcome exactly once (nothing lost, nothing doubled) and, from its welcomes and presence
 * events, see exactly the users in the room as online (no one leaves before everyone was judged).
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=org.chatharness.load.ChaosSimulation \
 *     -Dusers=1000 -Drate=40 -Dduration=120 -Dkills=2
 * </pre>
 *
 * <p>With {@code -Dbroker=local} (one node, in-memory broker) a restart loses the room: resumes
 * report {@code gap: true}, and completeness is reported but not asserted.
 */
public class ChaosSimulation extends Simulation {
  /** The run's verdict when nothing but completeness is left to judge. */
  private static final String OK = "ok";

  // Parameters: system properties with defaults (see load-tests/README.md).
  private final int users = Integer.getInteger("users", 100);
  private final int senders =
      Math.min(users, Integer.getInteger("senders", Math.max(1, users / 10)));
  private final double rate = Double.parseDouble(System.getProperty("rate", "20"));
  private final int duration = Integer.getInteger("duration", 40);
  private final int size = Integer.getInteger("size", 100);
  private final String room = System.getProperty("room", "chaos");
  private final int rampUp = Integer.getInteger("rampUp", Math.max(1, users / 200));
  private final int drain = Integer.getInteger("drain", 5);
  private final int kills = Integer.getInteger("kills", 2);
  private final int killAt = Integer.getInteger("killAt", 10);
  private final int killEvery = Integer.getInteger("killEvery", 15);
  private final int killNode = Integer.getInteger("killNode", 0);
  private final int downFor = Integer.getInteger("downFor", 5);
  private final Duration tick = Duration.ofMillis(Integer.getInteger("tickMs", 200));
  private final Duration joinTimeout = Duration.ofSeconds(Integer.getInteger("joinTimeout", 10));
  private final Duration ackWait = Duration.ofSeconds(Integer.getInteger("ackWait", 30));
  private final Backoff backoff =
      new Backoff(
          Duration.ofMillis(Integer.getInteger("reconnectFirstMs", 250)),
          Duration.ofMillis(Integer.getInteger("reconnectMaxMs", 4000)));
  private final int reconnectAttempts = Integer.getInteger("reconnectAttempts", 40);
  private final int resendAcked = Integer.getInteger("resendAcked", 1);

  private final ClusterTarget cluster = ClusterTarget.start();
  private final boolean redis = "redis".equals(cluster.broker());
  private final V1Protocol protocol = new V1Protocol();
  private final ChaosLedger ledger =
      new ChaosLedger(protocol, users, senders, cluster.nodes().size());
  private final ChaosSchedule schedule =
      new ChaosSchedule(
          kills,
          cluster.nodes().size(),
          killNode,
          Duration.ofSeconds(killAt),
          Duration.ofSeconds(killEvery),
          Duration.ofSeconds(downFor));
  private final ChaosUser user =
      new ChaosUser(
          cluster,
          protocol,
          ledger,
          room,
          size,
          joinTimeout,
          backoff,
          reconnectAttempts,
          resendAcked);
  private final Duration sendInterval = Duration.ofNanos((long) (1e9 * senders / rate));
  private final int sendsPerSender = ChatUser.sendsPerSender(duration, rate, senders);

  // Protocol
  private final HttpProtocolBuilder httpProtocol =
      http.wsUnmatchedInboundMessageBufferSize(Settings.INBOUND_BUFFER).wsMaxReconnects(0);

  // Scenarios
  private final ScenarioBuilder sending =
      scenario("senders")
          .exec(user.connect())
          .exec(awaitEveryone())
          .exec(user.live(sendsPerSender, sendInterval, tick, ackWait))
          .exec(user.drainPause(Duration.ofSeconds(drain)))
          .exec(user.checkCompleteness())
          .exec(user.awaitEveryoneJudged(Duration.ofSeconds(60)))
          .exec(user.close());

  private final ScenarioBuilder receiving =
      scenario("receivers")
          .exec(user.connect())
          .exec(awaitEveryone())
          .exec(user.live(0, sendInterval, tick, ackWait))
          .exec(user.drainPause(Duration.ofSeconds(drain)))
          .exec(user.checkCompleteness())
          .exec(user.awaitEveryoneJudged(Duration.ofSeconds(60)))
          .exec(user.close());

  /** Starts the schedule once everyone is in, then waits for the end and writes the summary. */
  private final ScenarioBuilder chaos =
      scenario("chaos")
          .exec(awaitEveryone())
          .exec(
              session -> {
                schedule.start(ledger, cluster::kill, cluster::restart);
                return session;
              })
          .exec(
              asLongAs(session -> !(ledger.allSendersFinished() && ledger.isChaosDone()))
                  .on(pause(Duration.ofMillis(500))))
          .exec(pause(Duration.ofSeconds(drain + 2L)))
          .exec(session -> session.set("verdict", writeReport()))
          .exec(
              http("chaos")
                  .get(session -> cluster.httpUrl(0, "/health"))
                  .check(
                      bodyString()
                          .transformWithSession((body, session) -> session.getString("verdict"))
                          .is(OK)));

  {
    List<Assertion> assertions =
        new ArrayList<>(
            List.of(
                details("connect").failedRequests().count().is(0L),
                details("join").failedRequests().count().is(0L),
                details("joined").failedRequests().count().is(0L),
                details("chaos").failedRequests().count().is(0L),
                details("chaos").successfulRequests().count().is(1L)));
    if (redis) {
      assertions.add(details("completeness").failedRequests().count().is(0L));
      assertions.add(details("completeness").successfulRequests().count().is((long) users));
    }
    setUp(
            sending.injectOpen(rampUsers(senders).during(rampUp)),
            receiving.injectOpen(rampUsers(users - senders).during(rampUp)),
            chaos.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(assertions);
  }

  private ChainBuilder awaitEveryone() {
    return asLongAsDuring(session -> !ledger.everyoneArrived(), Duration.ofSeconds(rampUp + 30L))
        .on(pause(Duration.ofMillis(50)));
  }

  /** Writes the summary and returns "ok", or why the run failed apart from completeness. */
  private String writeReport() {
    ChaosLedger.Totals totals = ledger.totals();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (totals.acked() != totals.sent()) {
      problems.add((totals.sent() - totals.acked()) + " of " + totals.sent() + " unacknowledged");
    }
    if (totals.conflictingAcks() > 0) {
      // The in-memory broker forgets its cids with the node: a re-send is then a new message.
      (redis ? problems : notes)
          .add(totals.conflictingAcks() + " re-sent messages acknowledged with a second id");
    }
    if (schedule.failure() != null) {
      problems.add("the chaos schedule failed: " + schedule.failure());
    }
    if (totals.kills() != kills) {
      problems.add(totals.kills() + " of " + kills + " kills happened");
    }
    if (totals.gaps() > 0) {
      (redis ? problems : notes)
          .add(totals.gaps() + " resumes reported a gap" + (redis ? " though Redis holds it" : ""));
    }
    List<String> findings = new ArrayList<>();
    findings.add(
        problems.isEmpty()
            ? "Sending: every message was acknowledged."
            : "Failed: " + String.join("; ", problems) + ".");
    if (!notes.isEmpty()) {
      findings.add("Not asserted with the in-memory broker: " + String.join("; ", notes) + ".");
    }
    int incomplete = users - totals.completeUsers();
    findings.add(
        String.format(
            Locale.ROOT,
            "Delivery: %d of %d users received every acknowledged message exactly once, in order,"
                + " and saw exactly the users in the room as online at the end%s.",
            totals.completeUsers(),
            users,
            redis
                ? (incomplete == 0 ? "" : " (the run fails)")
                : " (not asserted: the in-memory broker loses the room with the node)"));
    ChaosReport report =
        new ChaosReport(
            List.of(
                "cluster: " + cluster.describe(),
                String.format(
                    Locale.ROOT,
                    "users %d (senders %d), rate %.1f messages/s for %d s (%d per sender), %d bytes,"
                        + " room %s, protocol v1",
                    users,
                    senders,
                    rate,
                    duration,
                    sendsPerSender,
                    size,
                    room),
                "schedule: " + schedule.describe(),
                String.format(
                    Locale.ROOT,
                    "reconnect: back-off from %d ms doubling to %d ms, jittered, at most %d"
                        + " attempts; after a rejoin each sender re-sends its unacknowledged"
                        + " messages and its last %d acknowledged one(s); tick %d ms",
                    backoff.first().toMillis(),
                    backoff.max().toMillis(),
                    reconnectAttempts,
                    resendAcked,
                    tick.toMillis())),
            totals,
            schedule.events(),
            findings);
    Path dir = report.write(Settings.reportDir());
    System.out.print(report.markdown());
    ledger.incompleteUsers(5).forEach(line -> System.out.println("  " + line));
    writeStories(dir.resolve("incomplete-users.log"));
    System.out.println("summary written to " + dir.toAbsolutePath());
    return problems.isEmpty() ? OK : String.join("; ", problems);
  }

  /** Each incomplete user's verdict and story, to set beside the nodes' logs. */
  private void writeStories(Path file) {
    List<Long> incomplete = ledger.incomplete();
    if (incomplete.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (long userId : incomplete) {
      lines.add("user " + userId + ": " + ledger.verdict(userId));
      ledger.story(userId).forEach(event -> lines.add("  " + event));
    }
    try {
      Files.write(file, lines);
      System.out.println("what the incomplete users saw: " + file.toAbsolutePath());
    } catch (IOException e) {
      System.out.println("could not write " + file + ": " + e);
    }
  }

  @Override
  public void before() {
    System.out.printf(
        Locale.ROOT,
        "chaos: %d users (%d senders), %.1f messages/s for %d s, against %s; %s%n",
        users,
        senders,
        rate,
        duration,
        cluster.describe(),
        schedule.describe());
  }

  @Override
  public void after() {
    cluster.close();
  }
}
