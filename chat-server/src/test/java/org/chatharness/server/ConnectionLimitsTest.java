package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.Slowloris;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits on connections: per client address, in total, and on idle HTTP connections. */
@Timeout(60)
class ConnectionLimitsTest {
  private static final int BURST = 40;

  @Test
  void aBurstOfConcurrentUpgradesFromOneAddressCannotPassItsLimit() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().maxConnectionsPerAddress(5).build();
    assertBurstPassesOnly(config, 5, "429");
  }

  @Test
  void aBurstOfConcurrentUpgradesCannotPassTheServersLimit() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().maxConnectionsPerAddress(0).maxConnections(5).build();
    assertBurstPassesOnly(config, 5, "503");
  }

  @Test
  void upgradesPastMaxConnectionsGet503WhileHealthStillAnswers() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().maxConnections(3).build();
    try (Harness h = Harness.start(config)) {
      List<TestClient> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(h.connect("/"));
      }
      assertThatThrownBy(() -> h.connect("/")).hasStackTraceContaining("503");
      HttpResponse<String> health = h.get("/health");
      assertThat(health.statusCode()).as("/health is not a WebSocket: still served").isEqualTo(200);
      assertThat(health.body()).contains("\"connections\":3");
      assertThat(h.metric("chat_connections_refused_total{reason=\"server_full\"}")).isEqualTo(1);

      held.get(0).close();
      assertThat(held.get(0).awaitClose(TestClient.WAIT)).isTrue();
      TestClient again = h.connectRetrying("/", 503);
      held.get(1).send("a freed slot is used again");
      assertThat(again.next()).isEqualTo("a freed slot is used again");
    }
  }

  @Test
  void anUpgradeThatFailsAfterItsAdmissionGivesItsSlotBack() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .permessageDeflate(true)
            .maxConnectionsPerAddress(1)
            .build();
    try (Harness h = Harness.start(config);
        Socket socket = new Socket("127.0.0.1", h.server.port())) {
      // Jetty refuses this extension offer after the negotiator has admitted the connection.
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      + "Sec-WebSocket-Extensions: permessage-deflate; bogus=1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 400");
      TestClient only = h.connectRetrying("/", 429);
      only.send("the one slot of this address is free");
      assertThat(only.next()).isEqualTo("the one slot of this address is free");
    }
  }

  private static void assertBurstPassesOnly(ServerConfig config, int limit, String refusal)
      throws Exception {
    List<RawWebSocket> upgraded = new ArrayList<>();
    try (Harness h = Harness.start(config)) {
      List<String> refusals = new ArrayList<>();
      for (Future<Object> attempt : burstOfUpgrades(h)) {
        Object outcome = attempt.get();
        if (outcome instanceof RawWebSocket socket) {
          upgraded.add(socket);
        } else {
          refusals.add(String.valueOf(outcome));
        }
      }
      assertThat(upgraded).as("upgrades let through at once, limit %d", limit).hasSize(limit);
      assertThat(refusals).as("the others were refused").allMatch(r -> r.contains(refusal));
    } finally {
      for (RawWebSocket socket : upgraded) {
        socket.close();
      }
    }
  }

  @Test
  void aKeptAliveConnectionThatSendsNothingMoreIsClosed() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().handshakeTimeout(Duration.ofMillis(500)).build();
    try (Harness h = Harness.start(config);
        Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
      assertThat(socket.getInputStream().read())
          .as("the server ends the idle kept-alive connection (within the 10 s read timeout)")
          .isEqualTo(-1);
    }
  }

  @Test
  void aKeptAliveConnectionDrippingANewRequestIsClosed() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().handshakeTimeout(Duration.ofMillis(500)).build();
    try (Harness h = Harness.start(config);
        Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String first = readResponseHead(socket.getInputStream());
      assertThat(first).as("the first request is answered").startsWith("HTTP/1.1 200");

      // Then a second request, a byte at a time: each byte restarts an idle timer, never the
      // deadline of the request.
      byte[] next =
          "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      boolean dropped = Slowloris.dripUntilDropped(socket, next, Duration.ofSeconds(10));
      assertThat(dropped).as("the dripping connection was closed within 10 s").isTrue();
    }
  }

  /** {@link #BURST} raw upgrades from this address, released at once: sockets or refusals. */
  private static List<Future<Object>> burstOfUpgrades(Harness h) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(BURST);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> attempts = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      attempts.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  return RawWebSocket.connect(h.ws("/"), 0);
                } catch (IOException refused) {
                  return refused.getMessage();
                }
              }));
    }
    go.countDown();
    pool.shutdown();
    return attempts;
  }

  private static String readResponseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    // Read the body too, so that a next request on the connection starts clean.
    String text = head.toString();
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(text);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
    }
    return text;
  }
}
