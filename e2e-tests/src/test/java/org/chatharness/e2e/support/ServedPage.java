package org.chatharness.e2e.support;

import java.net.URI;
import org.chatharness.conformance.reference.ReferenceServer;
import org.testcontainers.lifecycle.Startable;

/**
 * A plain chat server whose own page (at {@code GET /}) the tests open: the server at {@code
 * -Dchat.url}, or by default the reference server ({@code reference-server/server.js}: the Node
 * {@code ws} README's broadcast example serving the tutorial's page), which this class starts on a
 * free port and stops.
 *
 * <pre>{@code
 * @Container static final ServedPage server = ServedPage.forThisRun();
 * new TutorialPage(browsers.open()).open(server.pageUri());
 * }</pre>
 */
public final class ServedPage implements Startable {
  private final URI url;
  private ReferenceServer reference;

  private ServedPage(URI url) {
    this.url = url;
  }

  /** The server at {@code chat.url}, or the reference server. */
  public static ServedPage forThisRun() {
    return new ServedPage(E2eSettings.current().chatUrl());
  }

  @Override
  public void start() {
    if (url != null) {
      return;
    }
    try {
      reference = ReferenceServer.start(ReferenceServer.REFERENCE);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the reference server: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (reference != null) {
      try {
        reference.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The server's page. */
  public URI pageUri() {
    return url != null ? url : reference.url();
  }
}
