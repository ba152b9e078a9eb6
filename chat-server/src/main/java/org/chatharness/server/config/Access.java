package org.chatharness.server.config;

import java.util.List;
import org.chatharness.server.http.AddressBlock;

/**
 * Whom the server believes: which pages may open WebSockets, and which proxies may say who the
 * client is.
 *
 * @param allowedOrigins origins allowed to open WebSockets ({@code *} for any); empty: the server's
 *     own origin and clients that send none
 * @param trustedProxies proxies whose forwarded headers name the client, its scheme and host
 */
public record Access(List<String> allowedOrigins, List<AddressBlock> trustedProxies) {
  /** The documented defaults: the same origin only, no proxy believed. */
  public static final Access DEFAULTS = new Access(List.of(), List.of());

  public Access {
    allowedOrigins = List.copyOf(allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies);
  }
}
