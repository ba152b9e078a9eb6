package org.chatharness.load.probes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  @Test
  void chatSamplesAreReadAndBucketsAndOtherMetersLeftOut() {
    String exposition =
        "# HELP chat_messages_delivered_total x\n"
            + "chat_messages_delivered_total 1200.0\n"
            + "chat_connections_closed_total{code=\"1008\"} 2.0\n"
            + "chat_fanout_seconds_bucket{le=\"0.001\"} 5\n"
            + "chat_fanout_seconds_count 40\n"
            + "jvm_threads_live_threads 30.0\n";
    assertThat(ServerMetrics.parse(exposition))
        .containsEntry("chat_messages_delivered_total", 1200.0)
        .containsEntry("chat_connections_closed_total{code=\"1008\"}", 2.0)
        .containsEntry("chat_fanout_seconds_count", 40.0)
        .doesNotContainKey("chat_fanout_seconds_bucket{le=\"0.001\"}")
        .doesNotContainKey("jvm_threads_live_threads");
  }
}
