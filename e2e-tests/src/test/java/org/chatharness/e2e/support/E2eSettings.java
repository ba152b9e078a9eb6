package org.chatharness.e2e.support;

import java.net.URI;
import java.nio.file.Path;

/**
 * What the end-to-end tests need to know about this machine and project, read once from system
 * properties. The pom sets them for Maven runs; the defaults suit a run from the module directory
 * (an IDE) on a machine prepared by {@code scripts/setup}.
 *
 * @param baseImage {@code chat.baseImage}: the server image's base, passed as the BASE_IMAGE build
 *     argument; default the local {@value #LOCAL_BASE_IMAGE}
 * @param serverDir {@code chat.serverDir}: the chat-server module, the image's build context
 * @param tutorialPage {@code chat.tutorialPage}: the tutorial's original page (a browser-page
 *     fixture)
 * @param failuresDir {@code e2e.failuresDir}: where a failing test leaves its artefacts
 * @param chromium {@code e2e.chromium}: the browser binary (Debian's Chromium)
 * @param chromedriver {@code e2e.chromedriver}: the driver binary (Debian's chromium-driver)
 * @param chatUrl {@code chat.url}: a server the tests do not control, whose page is at this URL;
 *     null (the default) for this project's server in a container
 * @param profile {@code chat.profile}: what the server at {@code chatUrl} speaks, {@code plain}
 *     (default) or {@code v1}
 */
public record E2eSettings(
    String baseImage,
    Path serverDir,
    Path tutorialPage,
    Path failuresDir,
    Path chromium,
    Path chromedriver,
    URI chatUrl,
    String profile) {

  /** The base image scripts/setup builds from Debian packages, for machines without a registry. */
  public static final String LOCAL_BASE_IMAGE = "chat-harness/base-jre17:latest";

  private static final E2eSettings CURRENT =
      new E2eSettings(
          System.getProperty("chat.baseImage", LOCAL_BASE_IMAGE),
          path("chat.serverDir", "../chat-server"),
          path("chat.tutorialPage", "../browser-page/src/test/resources/tutorial/original.html"),
          path("e2e.failuresDir", "target/e2e-failures"),
          path("e2e.chromium", "/usr/bin/chromium"),
          path("e2e.chromedriver", "/usr/bin/chromedriver"),
          chatUrl(System.getProperty("chat.url", "")),
          System.getProperty("chat.profile", "plain").trim());

  /** The settings of this test run. */
  public static E2eSettings current() {
    return CURRENT;
  }

  /** Whether the base image is the locally built one, which can only come from scripts/setup. */
  public boolean usesLocalBaseImage() {
    return LOCAL_BASE_IMAGE.equals(baseImage);
  }

  /** The kind of server this run is against. */
  public RunsOn.Mode mode() {
    if (chatUrl == null) {
      return RunsOn.Mode.CONTAINER;
    }
    return "v1".equals(profile) ? RunsOn.Mode.V1_URL : RunsOn.Mode.PLAIN_URL;
  }

  private static URI chatUrl(String value) {
    if (value.isBlank()) {
      return null;
    }
    URI url = URI.create(value.trim());
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          "chat.url must be an http:// or https:// URL, was " + value);
    }
    return url.getRawPath() == null || url.getRawPath().isEmpty() ? url.resolve("/") : url;
  }

  private static Path path(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }
}
