package org.chatharness.conformance;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test and what its operator declares about it, read once from the run's
 * configuration parameters (or system properties of the same names).
 *
 * @param url {@value #URL}: the server's page, {@code http://} or {@code https://}; its WebSocket
 *     URLs derive from it ({@code ws://} or {@code wss://})
 * @param url2 {@value #URL2}: a second node of the same cluster, or null
 * @param path {@value #PATH}: the plain WebSocket's path (default: the path of {@code url})
 * @param echo {@value #ECHO}: whether the sender gets its own messages (default true)
 * @param rateLimit {@value #RATE_LIMIT}: the server's per-connection rate limit, or null for none
 * @param maxMessageSize {@value #MAX_MESSAGE_SIZE}: the largest text message in bytes the server
 *     accepts, 0 when it declares none (default 64 KiB)
 * @param idleTimeout {@value #IDLE_TIMEOUT}: after how long a silent client is closed, or null
 */
public record Target(
    URI url,
    URI url2,
    String path,
    boolean echo,
    RateLimit rateLimit,
    long maxMessageSize,
    Duration idleTimeout) {

  public static final String URL = "chat.url";
  public static final String URL2 = "chat.url2";
  public static final String PATH = "chat.path";
  public static final String ECHO = "chat.echo";
  public static final String RATE_LIMIT = "chat.rateLimit";

  /** What a check says when a client it sent from was closed with 1008: the likely cause. */
  public static final String RATE_LIMIT_HINT =
      "if the server limits each client's rate, declare it: --rate-limit PER_SECOND/BURST, or -D"
          + RATE_LIMIT;

  public static final String MAX_MESSAGE_SIZE = "chat.maxMessageSize";
  public static final String IDLE_TIMEOUT = "chat.idleTimeout";

  /** The tutorial's size limit is unknown; this project's default stands in for it. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib)");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)/(\\d+)");
  private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

  /**
   * A token bucket: {@code perSecond} messages a second per connection, in bursts of up to {@code
   * burst}; a client that sends more is refused (chat.v1) or closed (plain).
   */
  public record RateLimit(double perSecond, int burst) {
    @Override
    public String toString() {
      return perSecond + "/" + burst;
    }
  }

  /**
   * Reads the settings through {@code parameters}; a missing or malformed value fails with a
   * message that names the parameter.
   */
  public static Target from(Function<String, Optional<String>> parameters) {
    URI url =
        httpUrl(
            URL,
            parameters
                .apply(URL)
                .orElseThrow(
                    () -> new IllegalArgumentException("no server given: set " + URL + "=URL")));
    URI url2 =
        parameters.apply(URL2).filter(s -> !s.isBlank()).map(s -> httpUrl(URL2, s)).orElse(null);
    String path = parameters.apply(PATH).filter(s -> !s.isBlank()).orElse(url.getRawPath());
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(PATH + " must start with /, was \"" + path + "\"");
    }
    return new Target(
        url,
        url2,
        path,
        parameters.apply(ECHO).map(Target::bool).orElse(true),
        parameters.apply(RATE_LIMIT).filter(s -> !s.isBlank()).map(Target::rateLimit).orElse(null),
        parameters.apply(MAX_MESSAGE_SIZE).map(Target::size).orElse(DEFAULT_MAX_MESSAGE_SIZE),
        parameters.apply(IDLE_TIMEOUT).filter(s -> !s.isBlank()).map(Target::seconds).orElse(null));
  }

  /**
   * The configuration parameters of a run against {@code url}, every other setting at its default
   * and given explicitly, so that no system property of a surrounding build leaks into the run.
   * Callers change what their server declares.
   */
  public static Map<String, String> parametersFor(URI url) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(URL, url.toString());
    parameters.put(URL2, "");
    parameters.put(PATH, "");
    parameters.put(ECHO, "true");
    parameters.put(RATE_LIMIT, "");
    parameters.put(MAX_MESSAGE_SIZE, Long.toString(DEFAULT_MAX_MESSAGE_SIZE));
    parameters.put(IDLE_TIMEOUT, "");
    return parameters;
  }

  /**
   * An absolute {@code http://} or {@code https://} URL with a host, its path at least {@code /};
   * anything else fails with a message that says what was wrong.
   */
  public static URI httpUrl(String name, String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL: " + value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          name + " must be an http:// or https:// URL (the page), was " + value);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(name + " has no host: " + value);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  /** The page of the server: {@code GET} it as a browser would. */
  public URI pageUri() {
    return url;
  }

  /** The plain WebSocket of the first node. */
  public URI socketUri() {
    return socketUri(url, path);
  }

  /** The plain WebSocket of the second node, at the same path. */
  public URI socketUri2() {
    return socketUri(requireUrl2(), path);
  }

  /** The WebSocket of chat.v1 room {@code room} on {@code node} (its page URL). */
  public static URI roomUri(URI node, String room) {
    String base = node.getRawPath().endsWith("/") ? node.getRawPath() : node.getRawPath() + "/";
    return socketUri(node, base + "rooms/" + room);
  }

  /** The WebSocket at {@code path} of the server whose page is {@code node}. */
  public static URI socketUri(URI node, String path) {
    String scheme = "https".equals(node.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + node.getRawAuthority() + path);
  }

  /** The second node's page; fails the check when none was given. */
  public URI requireUrl2() {
    if (url2 == null) {
      throw new IllegalStateException(
          "the cluster profile needs a second node: set " + URL2 + " (scripts/verify --url2)");
    }
    return url2;
  }

  /** How many messages one connection may send at once without meeting the rate limit. */
  public int sendBudget() {
    return rateLimit == null ? Integer.MAX_VALUE : rateLimit.burst();
  }

  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "" -> true;
      case "false", "no" -> false;
      default -> throw new IllegalArgumentException(ECHO + " must be true or false, was " + value);
    };
  }

  private static RateLimit rateLimit(String value) {
    Matcher m = RATE.matcher(value.trim());
    if (!m.matches() || Double.parseDouble(m.group(1)) <= 0 || Integer.parseInt(m.group(2)) < 1) {
      throw new IllegalArgumentException(
          RATE_LIMIT + " must be PER_SECOND/BURST, e.g. 10/20, was " + value);
    }
    return new RateLimit(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** A size in bytes: {@code 65536}, {@code 64KiB}, {@code 100MiB}; {@code none} is 0. */
  public static long size(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none") || v.equals("0")) {
      return 0;
    }
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          MAX_MESSAGE_SIZE
              + " must be a size such as 65536, 64KiB or 100MiB, or none; was "
              + value);
    }
    long number = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k", "kb", "kib" -> number * 1024;
      case "m", "mb", "mib" -> number * 1024 * 1024;
      default -> number;
    };
  }

  private static Duration seconds(String value) {
    Matcher m = SECONDS.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          IDLE_TIMEOUT + " must be seconds such as 5s, was " + value);
    }
    return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
  }
}
