package org.chatharness.e2e.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.LazyFuture;

/**
 * The chat server's image, built from {@code chat-server/Dockerfile} the first time a container
 * needs it, once per test JVM, and removed when the JVM exits.
 *
 * <p>Testcontainers' own clean-up of built images relies on its reaper, which is disabled here (it
 * would have to be pulled), and its fallback only prunes untagged images; so this class removes the
 * image it tagged itself. An image left by a killed JVM carries the label {@code
 * org.testcontainers=true} (see the module README).
 */
public final class ChatServerImage extends LazyFuture<String> {
  private static final Logger LOG = LoggerFactory.getLogger(ChatServerImage.class);
  private static final String REPOSITORY = "chat-harness/chat-server-e2e";
  private static final Path JAR = Path.of("target", "chat-server.jar");

  // One build serves every test class of the run: resolved once, then cached by LazyFuture.
  private static final ChatServerImage SHARED = new ChatServerImage(E2eSettings.current());

  private final E2eSettings settings;

  private ChatServerImage(E2eSettings settings) {
    this.settings = settings;
  }

  /** The image of this test run. */
  public static ChatServerImage shared() {
    return SHARED;
  }

  @Override
  protected String resolve() {
    Path dockerfile = settings.serverDir().resolve("Dockerfile");
    requireJar(settings.serverDir().resolve(JAR));
    requireBaseImage();

    // A name of its own per run, so that concurrent runs on one machine do not untag each other's.
    String name = REPOSITORY + ":" + UUID.randomUUID().toString().substring(0, 8);
    long started = System.nanoTime();
    new ImageFromDockerfile(name, false)
        .withDockerfile(dockerfile)
        .withBuildArg("BASE_IMAGE", settings.baseImage())
        .get();
    LOG.info(
        "built {} from {} on {} in {} ms",
        name,
        dockerfile,
        settings.baseImage(),
        (System.nanoTime() - started) / 1_000_000);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(name), "remove-" + name));
    return name;
  }

  private static void requireJar(Path jar) {
    try {
      if (!Files.isRegularFile(jar) || Files.size(jar) == 0) {
        throw new IllegalStateException(
            jar
                + " is missing or empty. The image copies it: build chat-server first, e.g."
                + " ./mvnw -B verify -pl e2e-tests -am (the reactor packages chat-server before"
                + " these tests run).");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  /** Fails fast where a missing local base would otherwise be retried as a pull for minutes. */
  private void requireBaseImage() {
    DockerClient docker = DockerClientFactory.instance().client();
    try {
      docker.inspectImageCmd(settings.baseImage()).exec();
    } catch (NotFoundException missing) {
      if (settings.usesLocalBaseImage()) {
        throw new IllegalStateException(
            "the base image "
                + settings.baseImage()
                + " is not on this machine: run scripts/setup (it builds the image without a"
                + " registry), or pass -Dchat.baseImage=eclipse-temurin:17-jre where a registry is"
                + " reachable");
      }
      LOG.info("base image {} is not local; Docker will pull it", settings.baseImage());
    }
  }

  private static void remove(String name) {
    try {
      DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
      LOG.info("removed image {}", name);
    } catch (RuntimeException e) {
      LOG.warn("could not remove image {} (docker image rm {}): {}", name, name, e.getMessage());
    }
  }
}
