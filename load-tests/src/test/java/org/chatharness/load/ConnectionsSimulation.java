package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static org.chatharness.load.Parameters.BASELINE;
import static org.chatharness.load.Parameters.CONNECT_P99_MS;
import static org.chatharness.load.Parameters.HOLD;
import static org.chatharness.load.Parameters.MAX_BYTES_PER_CONNECTION;
import static org.chatharness.load.Parameters.PATH;
import static org.chatharness.load.Parameters.RAMP_UP;
import static org.chatharness.load.Parameters.RESULTS_DIR;
import static org.chatharness.load.Parameters.SOURCE_ADDRESSES;
import static org.chatharness.load.Parameters.USERS;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.chatharness.load.results.RunFolder;
import org.chatharness.load.targets.Target;

/**
 * A connection storm: many idle WebSockets opened into one room over {@code rampUp} seconds and
 * held. Gatling times and asserts the handshakes (request {@code connect}); once all are open the
 * server's memory is read (a full GC first) and, less the reading before the storm, divided by the
 * connections.
 *
 * <pre>
 * ./mvnw -pl load-tests -am verify -Dsimulation=Connections -Dusers=19000 -DrampUp=60 -Dload.heap=4g \
 *     -DserverCommand="java -jar chat-server/target/chat-server.jar --port 0 ..."
 * </pre>
 */
public class ConnectionsSimulation extends Simulation {

  // Parameters (all of them, with defaults and meanings: Parameters)
  private final int users = USERS.get();
  private final int rampUp = RAMP_UP.get();
  private final Duration hold = Duration.ofSeconds(HOLD.get());
  private final int maxBytesPerConnection = MAX_BYTES_PER_CONNECTION.get();
  private final RunFolder folder =
      new RunFolder(Path.of(RESULTS_DIR.get()), "connections", Parameters.inEffect());
  private final Target target = Target.fromParameters();

  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private volatile boolean released;
  private long bytesBefore = -1;
  private long bytesWithAll = -1;

  // Protocol
  private final HttpProtocolBuilder httpProtocol = ChatUser.httpProtocol(SOURCE_ADDRESSES.get());

  // Scenarios
  private final ScenarioBuilder idle =
      scenario("idle connections")
          .exec(session -> session.set("url", target.webSocketUrl(session.userId(), PATH.get())))
          .exec(ws("connect").connect("#{url}"))
          .exec(
              session -> {
                connected.addAndGet(session.isFailed() ? 0 : 1);
                arrived.incrementAndGet();
                return session;
              })
          .exec(
              asLongAsDuring(session -> !released, Duration.ofSeconds(rampUp + HOLD.get() + 120L))
                  .on(pause(Duration.ofSeconds(1))))
          .exec(ws("close").close());

  /** One user that waits for the storm to end, reads the server's memory, then lets all go. */
  private final ScenarioBuilder reading =
      scenario("memory")
          .exec(
              asLongAsDuring(session -> arrived.get() < users, Duration.ofSeconds(rampUp + 60L))
                  .on(pause(Duration.ofMillis(200))))
          .exec(pause(Duration.ofSeconds(2)))
          .exec(
              session -> {
                bytesWithAll = target.probe().memoryBytes();
                return session;
              })
          .exec(pause(hold))
          .exec(
              session -> {
                released = true;
                return session;
              });

  {
    setUp(idle.injectOpen(rampUsers(users).during(rampUp)), reading.injectOpen(atOnceUsers(1)))
        .protocols(httpProtocol)
        .assertions(
            details("connect").failedRequests().count().is(0L),
            details("connect").responseTime().percentile(99.0).lt(CONNECT_P99_MS.get()));
  }

  @Override
  public void before() {
    bytesBefore = target.probe().memoryBytes();
  }

  @Override
  public void after() {
    try {
      int open = connected.get();
      double perConnection =
          bytesBefore >= 0 && bytesWithAll >= 0 && open > 0
              ? (double) (bytesWithAll - bytesBefore) / open
              : Double.NaN;
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("users", users);
      figures.put("connected", open);
      figures.put("server memory before, MiB", mib(bytesBefore));
      figures.put("server memory with every connection, MiB", mib(bytesWithAll));
      figures.put("server memory per connection, bytes", perConnection);
      List<String> failures = new ArrayList<>();
      if (open < users) {
        failures.add("only " + open + " of " + users + " connected");
      }
      if (maxBytesPerConnection > 0 && !(perConnection <= maxBytesPerConnection)) {
        failures.add(perConnection + " bytes per connection, over " + maxBytesPerConnection);
      }
      folder.finish(
          folder.result(
              users + " idle connections opened over " + rampUp + " s",
              target.describe(),
              target.probe().describe(),
              figures,
              List.of(
                  "Handshake times are Gatling's figure and verdict, not this summary's: request"
                      + " `connect` in its report, and its assertion (p99 under "
                      + CONNECT_P99_MS.get()
                      + " ms) in its output. This summary judges the connections and the memory."),
              failures,
              "see the handshake times in Gatling's report"),
          BASELINE.get());
    } finally {
      target.close();
    }
  }

  private static double mib(long bytes) {
    return bytes < 0 ? Double.NaN : bytes / 1048576.0;
  }
}
