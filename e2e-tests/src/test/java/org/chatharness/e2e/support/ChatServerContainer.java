package org.chatharness.e2e.support;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The chat server as deployed: its image from {@code chat-server/Dockerfile}, started by
 * Testcontainers, ready once {@code /health} answers 200. Its output goes to the test log under the
 * logger {@code chat-server}.
 *
 * <pre>{@code
 * @Testcontainers
 * class SomeTest {
 *   @Container static final ChatServerContainer server = new ChatServerContainer();
 *   ... page.open(server.pageUri()) ...
 * }
 * }</pre>
 *
 * <p>Declared with {@code @Container}, it is removed after the test class however the tests end.
 */
public final class ChatServerContainer extends GenericContainer<ChatServerContainer> {
  /** The port the server listens on inside the container: its default, as no CHAT_PORT is set. */
  public static final int PORT = 8000;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  // Above the server's own --shutdown-timeout (10 s), so Docker never has to kill it.
  private static final int STOP_TIMEOUT_SECONDS = 20;
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

  public ChatServerContainer() {
    this("chat-server");
  }

  /** A container whose output goes to the test log under the logger {@code logName}. */
  public ChatServerContainer(String logName) {
    super(ChatServerImage.shared());
    withExposedPorts(PORT);
    // The image is built on this machine; pulling is never right (and, here, never possible).
    withImagePullPolicy(imageName -> false);
    waitingFor(
        Wait.forHttp("/health")
            .forPort(PORT)
            .forStatusCode(200)
            .withStartupTimeout(STARTUP_TIMEOUT));
    withLogConsumer(
        new Slf4jLogConsumer(LoggerFactory.getLogger(logName)).withSeparateOutputStreams());
  }

  /**
   * Replaces the server's same-origin rule with exactly these origins ({@code --allowed-origins}).
   */
  public ChatServerContainer withAllowedOrigins(String... origins) {
    return withEnv("CHAT_ALLOWED_ORIGINS", String.join(",", origins));
  }

  /**
   * The port the container's server is reachable at on this machine, as mapped when Testcontainers
   * started it; after {@link #startAgain()} use the port that returns.
   */
  public int port() {
    return getMappedPort(PORT);
  }

  /**
   * Stops the server as {@code docker stop} does (SIGTERM: every client gets 1001, then the process
   * exits) and keeps the container, so that {@link #startAgain()} can start the same one.
   */
  public void stopServer() {
    getDockerClient().stopContainerCmd(getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
  }

  /**
   * Starts the container stopped by {@link #stopServer()}: same image, same configuration, a new
   * process with empty memory. Returns the port now mapped to {@link #PORT}: Docker picks the host
   * port again on every start, so it may differ from {@link #port()}. The server's output after the
   * restart is in {@link #getLogs()}, not in the test log (Testcontainers' log stream ends with the
   * first process).
   */
  public int startAgain() {
    getDockerClient().startContainerCmd(getContainerId()).exec();
    return currentPort();
  }

  /**
   * Ends the server as a crash would: {@code docker kill} (SIGKILL), no 1001 to the clients, no
   * goodbye to the broker. The container is kept; {@link #startAgain()} starts it again.
   */
  public void killServer() {
    getDockerClient().killContainerCmd(getContainerId()).exec();
  }

  /**
   * The port now mapped to {@link #PORT}, read from Docker: unlike {@link #port()}, right after
   * {@link #startAgain()} too.
   */
  public int currentPort() {
    Ports.Binding[] bindings =
        getDockerClient()
            .inspectContainerCmd(getContainerId())
            .exec()
            .getNetworkSettings()
            .getPorts()
            .getBindings()
            .get(ExposedPort.tcp(PORT));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException("container running without a port mapped to " + PORT);
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  /**
   * The body of {@code GET /health} at {@link #currentPort()}, e.g. {@code
   * {"status":"UP","connections":2,"broker":"redis: ok"}}; the error's text if it cannot be read.
   */
  public String health() {
    URI uri = URI.create("http://" + getHost() + ":" + currentPort() + "/health");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(HEALTH_TIMEOUT).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  /**
   * Waits until {@code /health} counts exactly {@code count} WebSockets: how a test knows the
   * server has finished closing what a browser closed.
   */
  public void awaitConnections(int count) {
    String field = "\"connections\":" + count;
    Awaitility.await("/health counts " + count + " connections")
        .atMost(Browser.WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String health = health();
              return health.contains(field + ",") || health.contains(field + "}");
            });
  }

  /** The page of the default room, as served by the server itself. */
  public URI pageUri() {
    return URI.create("http://" + getHost() + ":" + port() + "/");
  }

  /** The page of room {@code name}. */
  public URI roomPageUri(String name) {
    return URI.create("http://" + getHost() + ":" + port() + "/rooms/" + name);
  }

  /** The WebSocket of the default room. */
  public URI webSocketUri() {
    return URI.create("ws://" + getHost() + ":" + port() + "/");
  }
}
