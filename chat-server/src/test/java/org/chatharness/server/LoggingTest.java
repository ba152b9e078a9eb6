package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.logging.LogSettings;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** JSON log lines: one per connection opened and closed, with its fields, never the messages. */
@Timeout(30)
class LoggingTest {
  private final PrintStream originalOut = System.out;

  @AfterEach
  void restoreLogging() throws Exception {
    System.setOut(originalOut);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonLinesDescribeEachConnectionAndNeverContainMessageText() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    new LogSettings(LogSettings.Level.INFO, LogSettings.Format.JSON).apply();

    try (Harness h = Harness.start(ServerConfig.forTests())) {
      TestClient a = h.connect("/rooms/logged");
      TestClient b = h.connect("/rooms/logged");
      a.send("top secret message text");
      assertThat(b.next()).isEqualTo("top secret message text");
      a.close();
      assertThat(a.awaitClose(TestClient.WAIT)).isTrue();
    }
    System.out.flush();
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output).doesNotContain("top secret");

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.isBlank()) {
        lines.add(json.readTree(line));
      }
    }
    JsonNode opened =
        lines.stream()
            .filter(l -> "connection opened".equals(l.path("formattedMessage").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(keyValues(opened)).containsKeys("remote", "origin", "protocol", "room");
    assertThat(keyValues(opened).get("room")).isEqualTo("logged");
    List<java.util.Map<String, String>> closes =
        lines.stream()
            .filter(l -> "connection closed".equals(l.path("formattedMessage").asText()))
            .map(LoggingTest::keyValues)
            .toList();
    assertThat(closes).as("both connections log their close").hasSize(2);
    assertThat(closes)
        .allSatisfy(kv -> assertThat(kv).containsKeys("remote", "room", "code", "durationMs"));
    assertThat(closes)
        .extracting(kv -> kv.get("code"))
        .as("a closed itself, b by the shutdown")
        .containsExactlyInAnyOrder("1000", "1001");
  }

  @Test
  void clientTextInTheLogCannotStartALineOfItsOwn() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT).apply();

    try (Harness h = Harness.start(ServerConfig.forTests())) {
      try (RawWebSocket raw = RawWebSocket.connect(h.ws("/rooms/logged"), 0)) {
        raw.send(true, RawWebSocket.CLOSE, closeFrame(1000, "bye\n" + FORGED));
        assertThat(raw.readUntilClose().closeCode()).isEqualTo(1000);
      }
      // An origin is refused and logged; NEL (U+0085) ends a line for some log readers.
      assertThat(upgradeStatus(h, "http://evil.example\u0085" + FORGED)).isEqualTo(403);
    }
    System.out.flush();
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("connection closed").contains("refused origin");
    assertThat(output.split("[\\r\\n\\u0085\\u2028\\u2029]"))
        .as("no line starts with what a client wrote")
        .noneMatch(line -> line.startsWith(FORGED.substring(0, 10)));
    assertThat(output).as("the client's text is kept, escaped").contains("bye\\n2026-01-01");
  }

  private static final String FORGED = "2026-01-01 00:00:00,000 ERROR [main] forged - disk full";

  private static byte[] closeFrame(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  /** The status of a WebSocket upgrade sent with {@code origin}, as bytes of ISO-8859-1. */
  private static int upgradeStatus(Harness h, String origin) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(5000);
      String request =
          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              + "Origin: "
              + origin
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      byte[] head = new byte[12];
      int read = socket.getInputStream().readNBytes(head, 0, head.length);
      return Integer.parseInt(
          new String(head, 9, Math.min(3, read - 9), StandardCharsets.US_ASCII));
    }
  }

  private static java.util.Map<String, String> keyValues(JsonNode line) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    line.path("kvpList")
        .forEach(
            kv -> kv.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText())));
    return values;
  }
}
