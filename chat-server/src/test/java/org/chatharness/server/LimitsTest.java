package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input gets its close code, and the other clients do not notice. */
@Timeout(60)
class LimitsTest {
  private static final int LIMIT = 1024;
  private static final ServerConfig CONFIG =
      ServerConfig.forTests().toBuilder().maxMessageBytes(LIMIT).build();

  @Test
  void aMessageAtTheLimitIsDeliveredAndOneByteMoreClosesWith1009() throws Exception {
    try (Harness h = Harness.start(CONFIG)) {
      TestClient bystander = h.connect("/");
      TestClient sender = h.connect("/");

      sender.send("x".repeat(LIMIT));
      assertThat(bystander.next()).hasSize(LIMIT);

      sender.send("x".repeat(LIMIT + 1));
      assertThat(sender.awaitClose(TestClient.WAIT)).isTrue();
      assertThat(sender.closeCode()).isEqualTo(1009);
      assertBystanderUnaffected(h, bystander);
    }
  }

  @Test
  void aMessageOverTheLimitInFragmentsClosesWith1009() throws Exception {
    try (Harness h = Harness.start(CONFIG);
        RawWebSocket raw = RawWebSocket.connect(h.ws("/"), 0)) {
      byte[] half = "y".repeat(LIMIT / 2 + 1).getBytes(StandardCharsets.UTF_8);
      raw.send(false, RawWebSocket.TEXT, half);
      raw.send(true, RawWebSocket.CONTINUATION, half);
      assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    try (Harness h = Harness.start(CONFIG);
        RawWebSocket raw = RawWebSocket.connect(h.ws("/"), 0)) {
      TestClient bystander = h.connect("/");
      raw.send(true, RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
      assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
      assertThat(bystander.poll(Duration.ofMillis(200)))
          .as("nothing invalid is broadcast")
          .isNull();
      assertBystanderUnaffected(h, bystander);
    }
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsClosesWith1007() throws Exception {
    try (Harness h = Harness.start(CONFIG);
        RawWebSocket raw = RawWebSocket.connect(h.ws("/"), 0)) {
      // U+20AC is E2 82 AC; the second fragment breaks the sequence after E2 82.
      raw.send(false, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
      raw.send(true, RawWebSocket.CONTINUATION, new byte[] {'b'});
      assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void aValidSequenceSplitAcrossFragmentsIsAccepted() throws Exception {
    try (Harness h = Harness.start(CONFIG);
        RawWebSocket raw = RawWebSocket.connect(h.ws("/"), 0)) {
      raw.send(false, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
      raw.send(true, RawWebSocket.CONTINUATION, new byte[] {(byte) 0xAC, 'b'});
      assertThat(raw.read().text()).isEqualTo("a€b");
    }
  }

  @Test
  void aBinaryMessageClosesWith1003() throws Exception {
    try (Harness h = Harness.start(CONFIG);
        RawWebSocket raw = RawWebSocket.connect(h.ws("/"), 0)) {
      TestClient bystander = h.connect("/");
      raw.send(true, RawWebSocket.BINARY, new byte[] {1, 2, 3});
      assertThat(raw.readUntilClose().closeCode()).isEqualTo(1003);
      assertBystanderUnaffected(h, bystander);
    }
  }

  private static void assertBystanderUnaffected(Harness h, TestClient bystander) throws Exception {
    TestClient other = h.connect("/");
    other.send("still here");
    assertThat(bystander.next()).isEqualTo("still here");
    assertThat(bystander.closeCode()).as("bystander still open").isEqualTo(-1);
  }
}
