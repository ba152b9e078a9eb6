package org.chatharness.e2e.support;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis for the chat servers' {@code --broker redis://}, from the local image {@value #IMAGE} that
 * {@code scripts/setup} builds (no registry). Without persistence, so a restart empties it, as the
 * worst case of docs/SCALING.md. Reachable only on the test's Docker network: no port is mapped.
 *
 * <pre>{@code
 * Network network = Network.newNetwork();
 * @Container static final RedisContainer redis =
 *     new RedisContainer().withNetwork(network).withNetworkAliases("redis");
 * ... new ChatServerContainer().withNetwork(network).withEnv("CHAT_BROKER", "redis://redis:6379")
 * }</pre>
 */
public final class RedisContainer extends GenericContainer<RedisContainer> {
  /** The image scripts/setup builds with {@code scripts/build-base-image redis}. */
  public static final String IMAGE = "chat-harness/redis:latest";

  /** The port Redis listens on inside the container. */
  public static final int PORT = 6379;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger REDIS_LOG = LoggerFactory.getLogger("redis");

  public RedisContainer() {
    super(DockerImageName.parse(IMAGE));
    // Every interface, because the nodes are other containers; no RDB, no AOF: a restart is empty.
    withCommand(
        "redis-server",
        "--bind",
        "0.0.0.0",
        "--protected-mode",
        "no",
        "--save",
        "",
        "--appendonly",
        "no");
    withImagePullPolicy(imageName -> false);
    waitingFor(
        Wait.forLogMessage(".*Ready to accept connections.*\\n", 1)
            .withStartupTimeout(STARTUP_TIMEOUT));
    withLogConsumer(new Slf4jLogConsumer(REDIS_LOG).withSeparateOutputStreams());
  }

  @Override
  protected void configure() {
    // A missing image with pulling forbidden fails with a bare "not found"; say how to get it.
    try {
      getDockerClient().inspectImageCmd(IMAGE).exec();
    } catch (NotFoundException missing) {
      throw new IllegalStateException(
          "the image " + IMAGE + " is not on this machine: run scripts/setup", missing);
    }
  }

  /** Stops Redis as {@code docker stop} does and keeps the container for {@link #startAgain()}. */
  public void stopRedis() {
    getDockerClient().stopContainerCmd(getContainerId()).withTimeout(10).exec();
  }

  /**
   * Starts the stopped container again (same name on the network, empty data) and waits until it
   * answers {@code PING}.
   */
  public void startAgain() {
    getDockerClient().startContainerCmd(getContainerId()).exec();
    Awaitility.await("redis answers PING after a restart")
        .atMost(STARTUP_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(this::answersPing);
  }

  private boolean answersPing() {
    try {
      ExecResult ping = execInContainer("redis-cli", "ping");
      return ping.getExitCode() == 0 && ping.getStdout().trim().equals("PONG");
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
