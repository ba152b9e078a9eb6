package org.chatharness.load.targets;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The server image (chat-server/Dockerfile on the locally built base image) in a container limited
 * to {@code -Dcontainer.cpus} CPUs (default 1) and {@code -Dcontainer.memory} (default 512m), so a
 * run answers "what does one such instance hold". The image is built from the jar that the reactor
 * built; nothing is pulled.
 */
final class ContainerTarget implements Target {
  private static final int PORT = 8000;
  private static final String IMAGE = "chat-harness/chat-server-load";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final GenericContainer<?> container;
  private final ServerProbe probe;
  private final String limits;

  private ContainerTarget(GenericContainer<?> container, String limits) {
    this.container = container;
    this.limits = limits;
    CgroupProbe cgroup = new CgroupProbe(container.getContainerId());
    if (cgroup.available()) {
      this.probe = cgroup;
    } else {
      Integer pid = container.getContainerInfo().getState().getPid();
      this.probe = pid != null ? new ProcessProbe(pid) : ServerProbe.NONE;
    }
  }

  static ContainerTarget start() {
    requireEnvironment("TESTCONTAINERS_RYUK_DISABLED", "true");
    requireEnvironment("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    Path serverDir = Path.of(System.getProperty("chat.server.dir", "../chat-server"));
    Path jar = serverDir.resolve("target/chat-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: build it first (./mvnw -pl chat-server -am package -DskipTests)");
    }
    double cpus = Double.parseDouble(System.getProperty("container.cpus", "1"));
    long memory = bytes(System.getProperty("container.memory", "512m"));
    GenericContainer<?> container =
        new GenericContainer<>(
                new ImageFromDockerfile(IMAGE, false).withFileFromPath(".", serverDir))
            .withImagePullPolicy(name -> false)
            .withExposedPorts(PORT)
            // All load comes from this machine's addresses, and senders may exceed a person's pace.
            .withEnv("CHAT_MAX_CONNECTIONS_PER_ADDRESS", "0")
            .withEnv("CHAT_RATE_LIMIT", "1000")
            .withEnv("CHAT_RATE_BURST", "1000")
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withNanoCPUs((long) (cpus * 1e9))
                        .withMemory(memory)
                        .withMemorySwap(memory))
            .waitingFor(Wait.forHttp("/health").forStatusCode(200))
            .withStartupTimeout(STARTUP);
    container.start();
    return new ContainerTarget(container, cpus + " CPU, " + memory / (1024 * 1024) + " MiB");
  }

  private static void requireEnvironment(String name, String value) {
    if (!value.equals(System.getenv(name))) {
      throw new IllegalStateException(
          "target=container needs the environment variable "
              + name
              + "="
              + value
              + " (Testcontainers reads it only from the environment; see load-tests/README.md)");
    }
  }

  /** Parses {@code 512m}, {@code 1g}, {@code 1048576}. */
  static long bytes(String size) {
    String s = size.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g")) {
      unit =
          switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
          };
      s = s.substring(0, s.length() - 1);
    }
    return Long.parseLong(s) * unit;
  }

  @Override
  public List<URI> nodes() {
    return List.of(
        URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT) + "/"));
  }

  @Override
  public ServerProbe probe() {
    return probe;
  }

  @Override
  public String describe() {
    return "container " + container.getContainerId().substring(0, 12) + " (" + limits + ")";
  }

  @Override
  public void close() {
    container.stop();
  }
}
