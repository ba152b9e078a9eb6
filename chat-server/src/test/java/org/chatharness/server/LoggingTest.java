package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.cli.LogSettings;
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
  void json_lines_describe_each_connection_and_never_contain_message_text() throws Exception {
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

  private static java.util.Map<String, String> keyValues(JsonNode line) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    line.path("kvpList")
        .forEach(
            kv -> kv.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText())));
    return values;
  }
}
