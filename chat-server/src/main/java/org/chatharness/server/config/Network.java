package org.chatharness.server.config;

import java.util.Objects;

/**
 * Where the server listens, and what it accepts of an HTTP request before the upgrade.
 *
 * @param host the address to listen on; every interface by default
 * @param port the port; 0 picks a free one
 * @param maxHeaderBytes the largest request header block; larger ones get 431
 * @param permessageDeflate whether clients are offered permessage-deflate compression
 */
public record Network(String host, int port, int maxHeaderBytes, boolean permessageDeflate) {
  /** The documented defaults: port 8000 on every interface. */
  public static final Network DEFAULTS = new Network("0.0.0.0", 8000, 8 * 1024, false);

  public Network {
    Objects.requireNonNull(host, "host");
    Require.that(port >= 0 && port <= 65535, "port must be 0-65535, was " + port);
    Require.that(maxHeaderBytes >= 1024, "max header size must be at least 1KiB");
  }
}
