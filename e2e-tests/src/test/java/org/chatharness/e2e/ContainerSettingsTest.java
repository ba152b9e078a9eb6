package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.ChatServerImage;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image takes its settings from {@code CHAT_*} variables, as README promises: nothing in the
 * image (its command line) overrides them, and its health check follows the port they choose.
 */
@Testcontainers
@RunsOn(
    value = Mode.CONTAINER,
    whyNot = "starts this project's image with CHAT_* settings of its own")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerSettingsTest {
  private static final int CHOSEN_PORT = 9000;
  private static final int MAX_MESSAGE_BYTES = 1024;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  // The image checks every 5 s after a 10 s start period; healthy within 30 s with margin.
  private static final Duration HEALTHY_WAIT = Duration.ofSeconds(40);
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
  private static final int MESSAGE_TOO_BIG = 1009;

  @Container
  static final GenericContainer<?> server =
      new GenericContainer<>(ChatServerImage.shared())
          .withEnv("CHAT_PORT", Integer.toString(CHOSEN_PORT))
          .withEnv("CHAT_MAX_MESSAGE_SIZE", "1KiB")
          .withExposedPorts(CHOSEN_PORT)
          .withImagePullPolicy(name -> false)
          .waitingFor(
              Wait.forHttp("/health")
                  .forPort(CHOSEN_PORT)
                  .forStatusCode(200)
                  .withStartupTimeout(STARTUP_TIMEOUT))
          .withLogConsumer(
              new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger("chat-server"))
                  .withSeparateOutputStreams());

  @Test
  void theServerListensOnThePortNamedByChatPortAndDockerSeesItHealthy() {
    // Reaching /health on the mapped CHAT_PORT is the container's start condition above.
    await("Docker's health check on CHAT_PORT")
        .atMost(HEALTHY_WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(server.getCurrentContainerInfo().getState().getHealth().getStatus())
                    .as("the HEALTHCHECK must probe the port the server was told to use")
                    .isEqualTo("healthy"));
  }

  @Test
  void theMessageSizeLimitNamedByChatMaxMessageSizeApplies() throws Exception {
    ClosingClient client = ClosingClient.connect(webSocketUri());

    String fits = "x".repeat(MAX_MESSAGE_BYTES / 2);
    client.socket.sendText(fits, true).get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(client.firstText.get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("a message under CHAT_MAX_MESSAGE_SIZE is broadcast back to its sender")
        .isEqualTo(fits);

    client.socket.sendText("y".repeat(MAX_MESSAGE_BYTES * 2), true);
    assertThat(client.closeCode.get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("a message over CHAT_MAX_MESSAGE_SIZE (1KiB, not the default 64KiB) closes with 1009")
        .isEqualTo(MESSAGE_TOO_BIG);
  }

  private static URI webSocketUri() {
    return URI.create(
        "ws://" + server.getHost() + ":" + server.getMappedPort(CHOSEN_PORT) + "/rooms/settings");
  }

  /** A plain client that keeps the first text it receives and the close code it is sent. */
  private static final class ClosingClient implements WebSocket.Listener {
    final CompletableFuture<String> firstText = new CompletableFuture<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket socket;

    static ClosingClient connect(URI uri) throws Exception {
      ClosingClient client = new ClosingClient();
      client.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(ANSWER_WAIT)
              .buildAsync(uri, client)
              .get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
      return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        firstText.complete(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.completeExceptionally(error);
      firstText.completeExceptionally(error);
    }
  }
}
