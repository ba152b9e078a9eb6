package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chatharness.server.support.Metrics.value;

import java.net.http.HttpResponse;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /metrics, scraped after real traffic. */
@Timeout(60)
class MetricsTest {

  @Test
  void metricsCountConnectionsMessagesDeliveriesAndRefusals() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder().maxMessageBytes(1024).rateLimit(0.1, 2).build();
    try (Harness h = Harness.start(config)) {
      TestClient a = h.connect("/");
      TestClient b = h.connect("/");
      V1Client v = V1Client.joined(h, "/", "vera");
      a.send("one");
      a.send("two");
      assertThat(b.next(2)).containsExactly("one", "two");
      v.send("c1", "three");
      v.send("c2", "four");
      v.send("c3", "refused by the rate limit");
      assertThat(a.next(4)).containsExactly("one", "two", "three", "four");

      ClientUpgradeRequest foreign = new ClientUpgradeRequest(h.ws("/"));
      foreign.setHeader("Origin", "http://elsewhere.example");
      assertThatThrownBy(() -> TestClient.connect(h.client, foreign))
          .hasStackTraceContaining("403");

      b.send("x".repeat(2000));
      assertThat(b.awaitClose(TestClient.WAIT)).isTrue();

      h.awaitHealthConnections(2);
      HttpResponse<String> scrape = h.get("/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/plain");
      String text = scrape.body();

      assertThat(value(text, "chat_connections_opened_total{protocol=\"plain\"}")).isEqualTo(2);
      assertThat(value(text, "chat_connections_opened_total{protocol=\"v1\"}")).isEqualTo(1);
      assertThat(value(text, "chat_connections_open")).isEqualTo(2);
      assertThat(value(text, "chat_messages_received_total{protocol=\"plain\"}"))
          .as("one, two, the oversized one is refused")
          .isEqualTo(2);
      assertThat(value(text, "chat_messages_received_total{protocol=\"v1\"}"))
          .as("join and three sends")
          .isEqualTo(4);
      assertThat(value(text, "chat_messages_delivered_total"))
          .as("4 messages x 3 members")
          .isEqualTo(12);
      assertThat(value(text, "chat_fanout_seconds_count")).isEqualTo(4);
      assertThat(text).contains("chat_fanout_seconds_bucket");
      assertThat(value(text, "chat_messages_rate_limited_total")).isEqualTo(1);
      assertThat(value(text, "chat_connections_refused_total{reason=\"origin\"}"))
          .as("the refused origin, counted once, under its reason")
          .isEqualTo(1);
      assertThat(text).doesNotContain("chat_origins_refused");
      assertThat(value(text, "chat_connections_closed_total{code=\"1009\"}")).isEqualTo(1);
      assertThat(value(text, "chat_slow_consumer_closes_total")).isZero();
      assertThat(value(text, "chat_broker_errors_total")).isZero();
      assertThat(value(text, "chat_outbound_queued_bytes")).isGreaterThanOrEqualTo(0);
      assertThat(text)
          .contains(
              "jvm_memory_used_bytes",
              "jvm_gc_",
              "process_cpu_usage",
              "jetty_threads_current",
              "jetty_connections_");
    }
  }

  @Test
  void closeCodesClientsChooseAreCountedUnderOneLabel() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      for (int code = 3000; code < 3010; code++) {
        TestClient client = h.connect("/");
        client.getSession().close(code, "chosen", org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertThat(client.awaitClose(TestClient.WAIT)).isTrue();
      }
      TestClient normal = h.connect("/");
      normal.close();
      assertThat(normal.awaitClose(TestClient.WAIT)).isTrue();
      h.awaitHealthConnections(0);

      String text = h.get("/metrics").body();
      assertThat(value(text, "chat_connections_closed_total{code=\"other\"}"))
          .as("ten codes of the clients' choosing, one series")
          .isEqualTo(10);
      assertThat(value(text, "chat_connections_closed_total{code=\"1000\"}")).isEqualTo(1);
      assertThat(text).doesNotContain("code=\"3000\"");
    }
  }
}
