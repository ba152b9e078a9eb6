package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.config.Limits;
import org.chatharness.server.connection.ChatConnection;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.Slowloris;
import org.chatharness.server.support.SocketEnd;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Abuse limits, each with its documented default and its answer. */
@Timeout(60)
class AbuseLimitsTest {

  @Test
  void theDocumentedDefaultsHold() {
    ServerConfig defaults = ServerConfig.defaults();
    assertThat(defaults.limits().maxConnectionsPerAddress()).isEqualTo(1000);
    assertThat(defaults.timeouts().handshake()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.network().maxHeaderBytes()).isEqualTo(8 * 1024);
    assertThat(defaults.limits().rateLimit()).isEqualTo(10);
    assertThat(defaults.limits().rateBurst()).isEqualTo(20);
    assertThat(defaults.limits().maxConnections())
        .as("derived from the open-file limit")
        .isEqualTo(Limits.derivedMaxConnections(Limits.openFileLimit()));
    assertThat(defaults.limits().historyBudgetBytes())
        .as("a quarter of the heap")
        .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }

  @Test
  void theDefaultConnectionLimitLeavesATenthOfTheOpenFilesForHealthAndThePage() {
    assertThat(Limits.derivedMaxConnections(20_000)).isEqualTo(18_000);
    assertThat(Limits.derivedMaxConnections(1_048_576)).isEqualTo(943_719);
    assertThat(Limits.derivedMaxConnections(1024))
        .as("at least 256 files kept back")
        .isEqualTo(768);
    assertThat(Limits.derivedMaxConnections(100)).as("never below 64").isEqualTo(64);
  }

  @Test
  void connectionsBeyondThePerAddressLimitAreRefusedWith429() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().maxConnectionsPerAddress(3).build();
    try (Harness h = Harness.start(config)) {
      List<TestClient> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(h.connect("/"));
      }
      assertThatThrownBy(() -> h.connect("/")).hasStackTraceContaining("429");
      held.get(0).close();
      assertThat(held.get(0).awaitClose(TestClient.WAIT)).isTrue();
      // a freed slot can be used again
      h.connectRetrying("/", 429).awaitOwnEcho();
    }
  }

  @Test
  void aClientThatOpensASocketAndSendsNothingIsDroppedAfterTheHandshakeTimeout() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().handshakeTimeout(Duration.ofMillis(500)).build();
    try (Harness h = Harness.start(config);
        Socket silent = new Socket("127.0.0.1", h.server.port())) {
      silent.setSoTimeout(5000);
      long started = System.nanoTime();
      assertThat(SocketEnd.reached(silent.getInputStream()))
          .as("the server closed the socket")
          .isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aSlowlorisSendingHeadersAByteAtATimeCannotHoldTheSocketForever() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().handshakeTimeout(Duration.ofMillis(500)).build();
    try (Harness h = Harness.start(config);
        Socket slow = new Socket("127.0.0.1", h.server.port())) {
      byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      // Each byte restarts an idle timer, but not the request's deadline.
      boolean dropped = Slowloris.dripUntilDropped(slow, request, Duration.ofSeconds(10));
      assertThat(dropped).as("dropped within 10 s").isTrue();
    }
  }

  @Test
  void requestHeadersOverTheLimitGet431() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().maxHeaderBytes(4096).build();
    try (Harness h = Harness.start(config);
        Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(5000);
      String request =
          "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              + "X-Padding: "
              + "p".repeat(8000)
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      byte[] answer = new byte[64];
      int n = socket.getInputStream().read(answer);
      assertThat(new String(answer, 0, Math.max(n, 0), StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 431");
    }
  }

  @Test
  void aPlainClientFloodingPastTheRateLimitIsClosedWith1008() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().rateLimit(1, 5).build();
    try (Harness h = Harness.start(config)) {
      TestClient listener = h.connect("/");
      TestClient flooder = h.connect("/");
      for (int i = 0; i < 6; i++) {
        flooder.send("flood " + i);
      }
      assertThat(flooder.awaitClose(TestClient.WAIT)).isTrue();
      assertThat(flooder.closeCode()).isEqualTo(1008);
      assertThat(flooder.closeReason()).isEqualTo("rate limit exceeded");
      assertThat(listener.next(5)).as("the burst got through").hasSize(5);
      assertThat(listener.poll(Duration.ofMillis(300)))
          .as("the message over the limit did not")
          .isNull();
      assertThat(listener.closeCode()).isEqualTo(-1);
    }
  }

  @Test
  void aClientPingingPastTheLimitIsClosedWith1008AndTheOthersDoNotNotice() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests());
        RawWebSocket pinger = RawWebSocket.connect(h.ws("/"), 0)) {
      TestClient bystander = h.connect("/");
      int sent = 0;
      try {
        for (int i = 0; i < ChatConnection.PING_BURST + 5; i++) {
          pinger.send(true, RawWebSocket.PING, new byte[] {(byte) i});
          sent++;
        }
      } catch (IOException closedMeanwhile) {
        // A real client sees this race too: the server may close the socket before the last
        // pings are written. What it answered before closing is still there to read.
      }
      int pongs = 0;
      RawWebSocket.Frame frame = pinger.read();
      while (frame.opcode() == RawWebSocket.PONG) {
        pongs++;
        frame = pinger.read();
      }
      assertThat(sent)
          .as("pings written before the close")
          .isGreaterThan(ChatConnection.PING_BURST);
      assertThat(pongs)
          .as("the burst is answered, and not every ping")
          .isGreaterThanOrEqualTo(ChatConnection.PING_BURST)
          .isLessThan(sent);
      assertThat(frame.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(frame.closeCode()).isEqualTo(1008);
      assertThat(new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8))
          .isEqualTo("too many pings");

      TestClient other = h.connect("/");
      other.send("unaffected");
      assertThat(bystander.next()).isEqualTo("unaffected");
    }
  }
}
