package org.chatharness.load.targets;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.Parameters;
import org.chatharness.load.probes.CgroupProbe;
import org.chatharness.load.probes.ProcessProbe;
import org.chatharness.load.probes.ServerProbe;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The server image (chat-server/Dockerfile on the locally built base image) in a container limited
 * to {@code -DcontainerCpus} CPUs and {@code -DcontainerMemory}, so a run answers "what does one
 * such instance hold". The image is built from the jar that the reactor built; nothing is pulled.
 */
final class ContainerTarget implements Target {
  private static final int PORT = 8000;
  private static final String IMAGE = "chat-harness/chat-server-load";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final GenericContainer<?> container;
  private final ServerProbe probe;
  private final String limits;

  private ContainerTarget(GenericContainer<?> container, String limits, double cpus) {
    this.container = container;
    this.limits = limits;
    CgroupProbe cgroup = new CgroupProbe(container.getContainerId(), (int) Math.ceil(cpus));
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
    Path serverDir = Path.of("chat-server");
    Path jar = serverDir.resolve("target/chat-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: build it first (./mvnw -pl chat-server -am package -DskipTests)");
    }
    double cpus = Parameters.CONTAINER_CPUS.get();
    long memory = bytes(Parameters.CONTAINER_MEMORY.get());
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
    return new ContainerTarget(container, cpus + " CPU, " + memory / (1024 * 1024) + " MiB", cpus);
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
