package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.chatharness.load.ledger.Latencies;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.targets.Target;

/**
 * A connection storm: many idle WebSockets opened quickly into one room and held. It measures the
 * handshake times and, once all are open, the server's memory per connection (heap after a full GC,
 * less the same before the storm), spreading the connections over several 127.0.0.x source
 * addresses so one address's ~28,000 ephemeral ports are no limit.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=org.chatharness.load.ConnectionsSimulation \
 *     -Dtarget=http://127.0.0.1:8000 -Dusers=19000 -Dramp=20 -Dload.heap=4g
 * </pre>
 */
public class ConnectionsSimulation extends Simulation {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  // Parameters: system properties with defaults (see load-tests/README.md).
  private final int users = Integer.getInteger("users", 10_000);
  private final int ramp = Integer.getInteger("ramp", 10);
  private final int hold = Integer.getInteger("hold", 20);
  private final String room = System.getProperty("room", "idle");
  private final ChatProtocol protocol = ChatProtocol.named(System.getProperty("protocol", "plain"));
  private final int connectP99Ms = Integer.getInteger("connectP99Ms", 1000);
  private final int maxBytesPerConnection = Integer.getInteger("maxBytesPerConnection", 0);
  private final Target target = Target.fromSystemProperties();
  private final List<String> sourceAddresses = defaultSourceAddresses();

  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private final Latencies handshakes = new Latencies();
  private volatile boolean released;
  private long baselineBytes = -1;

  // Protocol
  private final HttpProtocolBuilder httpProtocol =
      Settings.withSourceAddresses(http.wsUnmatchedInboundMessageBufferSize(0), sourceAddresses);

  // Scenarios
  private final ScenarioBuilder idle =
      scenario("idle connections")
          .exec(
              session ->
                  session
                      .set("wsUrl", target.webSocketUrl(session.userId(), protocol.roomPath(room)))
                      .set("startNanos", System.nanoTime()))
          .exec(ws("connect").connect("#{wsUrl}"))
          .exec(
              session -> {
                if (!session.isFailed()) {
                  handshakes.add(System.nanoTime() - session.getLong("startNanos"));
                  connected.incrementAndGet();
                }
                arrived.incrementAndGet();
                return session;
              })
          .exec(
              asLongAsDuring(session -> !released, Duration.ofSeconds(ramp + hold + 120L))
                  .on(pause(Duration.ofSeconds(1))))
          .exec(ws("close").close());

  /** One user that waits for the storm to end, measures the server, then lets everyone go. */
  private final ScenarioBuilder measuring =
      scenario("memory")
          .exec(
              asLongAsDuring(session -> arrived.get() < users, Duration.ofSeconds(ramp + 60L))
                  .on(pause(Duration.ofMillis(200))))
          .exec(pause(Duration.ofSeconds(2)))
          .exec(session -> session.set("verdict", measure()))
          .exec(pause(Duration.ofSeconds(hold)))
          .exec(
              session -> {
                released = true;
                return session;
              })
          .exec(
              http("memory")
                  .get(session -> target.httpUrl(0, "/health"))
                  .check(
                      bodyString()
                          .transformWithSession((body, session) -> session.getString("verdict"))
                          .is("ok")));

  {
    setUp(idle.injectOpen(rampUsers(users).during(ramp)), measuring.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(
            details("connect").failedRequests().count().is(0L),
            details("connect").responseTime().percentile(99.0).lt(connectP99Ms),
            details("memory").failedRequests().count().is(0L));
  }

  /**
   * 127.0.0.1-127.0.0.N (a source address per 25,000 users, at least two) for a loopback target.
   */
  private List<String> defaultSourceAddresses() {
    List<String> given = Settings.list("sourceAddresses");
    if (!given.isEmpty()) {
      return given;
    }
    boolean loopback = target.nodes().stream().allMatch(node -> node.getHost().startsWith("127."));
    if (!loopback) {
      return List.of();
    }
    int count = Math.max(2, (users + 24_999) / 25_000);
    return IntStream.rangeClosed(1, count).mapToObj(i -> "127.0.0." + i).toList();
  }

  /** Takes the server's memory now, writes the summary, and returns "ok" or why not. */
  private String measure() {
    long bytes = target.probe().memoryBytes();
    int open = connected.get();
    double perConnection =
        bytes >= 0 && baselineBytes >= 0 && open > 0
            ? (double) (bytes - baselineBytes) / open
            : Double.NaN;
    String summary =
        String.format(
            Locale.ROOT,
            "# Connections%n%n- target: %s%n- server probe: %s%n- source addresses: %s%n%n"
                + "| users | connected | ramp s | handshake p50 ms | p95 ms | p99 ms |"
                + " server memory before | with connections | per connection |%n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                + "| %d | %d | %d | %.1f | %.1f | %.1f | %s | %s | %s |%n",
            target.describe(),
            target.probe().describe(),
            sourceAddresses.isEmpty() ? "default" : String.join(", ", sourceAddresses),
            users,
            open,
            ramp,
            handshakes.percentileMillis(50),
            handshakes.percentileMillis(95),
            handshakes.percentileMillis(99),
            mib(baselineBytes),
            mib(bytes),
            Double.isNaN(perConnection)
                ? "n/a"
                : String.format(Locale.ROOT, "%.0f bytes", perConnection));
    Path file =
        Settings.reportDir()
            .resolve("connections-" + LocalDateTime.now().format(STAMP))
            .resolve("summary.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.print(summary);
    System.out.println("summary written to " + file.toAbsolutePath());
    if (open < users) {
      return "only " + open + " of " + users + " connected";
    }
    if (maxBytesPerConnection > 0 && perConnection > maxBytesPerConnection) {
      return String.format(
          Locale.ROOT, "%.0f bytes per connection, over %d", perConnection, maxBytesPerConnection);
    }
    return "ok";
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  @Override
  public void before() {
    baselineBytes = target.probe().memoryBytes();
    System.out.printf(
        Locale.ROOT,
        "connections: %d users over %d s, held %d s, against %s from %s%n",
        users,
        ramp,
        hold,
        target.describe(),
        sourceAddresses.isEmpty() ? "the default address" : sourceAddresses);
  }

  @Override
  public void after() {
    target.close();
  }
}
