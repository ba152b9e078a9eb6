package org.chatharness.server.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Decides, before the upgrade, whether a WebSocket may be opened from the page that asks.
 *
 * <p>Browsers always send {@code Origin}; command-line clients and load generators usually do not,
 * and cannot be stopped by this check anyway, so a missing header is accepted. With no allowlist,
 * only the server's own origin (the scheme, host and port the request was sent to) is accepted;
 * with one, exactly the listed origins are ({@code *} accepts any).
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  public OriginPolicy(List<String> allowedOrigins) {
    this.allowed =
        allowedOrigins.stream()
            .map(OriginPolicy::normalize)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the request's origin may open a WebSocket. */
  public boolean allows(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return true;
    }
    if (!allowed.isEmpty()) {
      return allowed.contains("*") || allowed.contains(normalize(origin));
    }
    return isSameOrigin(origin, request);
  }

  private static boolean isSameOrigin(String origin, Request request) {
    URI uri;
    try {
      uri = URI.create(origin.trim());
    } catch (IllegalArgumentException notAUri) {
      return false;
    }
    String scheme = request.isSecure() ? "https" : "http";
    if (uri.getScheme() == null
        || uri.getHost() == null
        || !scheme.equalsIgnoreCase(uri.getScheme())) {
      return false;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : (request.isSecure() ? 443 : 80);
    return uri.getHost().equalsIgnoreCase(Request.getServerName(request))
        && port == Request.getServerPort(request);
  }

  private static String normalize(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
