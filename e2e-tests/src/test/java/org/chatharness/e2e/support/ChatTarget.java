package org.chatharness.e2e.support;

import java.net.URI;
import org.testcontainers.lifecycle.Startable;

/**
 * The chat server a scenario's pages talk to: this project's server in a container that the tests
 * start and stop (the default), or the server at {@code -Dchat.url}, which they leave alone. The
 * read-only scenario classes share one per run ({@link SharedServerScenario}).
 *
 * <pre>{@code
 * ChatTarget server = scenario.server();
 * ... page.open(server.roomPageUri(room)) ...
 * }</pre>
 */
public final class ChatTarget implements Startable {
  private final ChatServerContainer container;
  private final URI url;

  private ChatTarget(ChatServerContainer container, URI url) {
    this.container = container;
    this.url = url;
  }

  /** The server at {@code chat.url} when one is given, else a new container. */
  public static ChatTarget forThisRun() {
    URI url = E2eSettings.current().chatUrl();
    return url == null
        ? new ChatTarget(new ChatServerContainer(), null)
        : new ChatTarget(null, url);
  }

  @Override
  public void start() {
    if (container != null) {
      container.start();
    }
  }

  @Override
  public void stop() {
    if (container != null) {
      container.stop();
    }
  }

  /** The container, for its log; null against a server at a URL. */
  public ChatServerContainer container() {
    return container;
  }

  /** The page of the default room. */
  public URI pageUri() {
    return container != null ? container.pageUri() : url;
  }

  /** The page of room {@code name}. */
  public URI roomPageUri(String name) {
    return container != null ? container.roomPageUri(name) : url.resolve("rooms/" + name);
  }

  /** The WebSocket of room {@code name}. */
  public URI roomSocketUri(String name) {
    URI page = roomPageUri(name);
    return URI.create(page.toString().replaceFirst("^http", "ws"));
  }
}
