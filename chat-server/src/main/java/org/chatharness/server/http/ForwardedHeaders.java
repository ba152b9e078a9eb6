package org.chatharness.server.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * What a trusted proxy says about the request it forwards: the client's address, and the scheme,
 * host and port the client used. Read from {@code Forwarded} (RFC 7239) when the request has it,
 * otherwise from {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port}.
 *
 * <p>Proxies append to these headers, so their left part is whatever the client sent and only the
 * right part can be believed. The client is therefore found from the right: the first address that
 * is not a trusted proxy. The scheme and host are those of the entry the proxy that met the client
 * added ({@code Forwarded}), or the last value ({@code X-Forwarded-*}, which proxies overwrite).
 * Values that do not parse are ignored; an address that cannot be read ({@code unknown}, an
 * obfuscated name) ends the search at the last proxy that could be believed.
 *
 * @param client the client's address
 * @param scheme {@code http} or {@code https}, or {@code null} when not forwarded
 * @param host the host the client asked for, or {@code null} when not forwarded
 * @param port the port the client asked for, or -1 when not forwarded
 */
public record ForwardedHeaders(InetAddress client, String scheme, String host, int port) {
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  /**
   * What the headers of a request from {@code peer} (a trusted proxy) say, or {@code null} when
   * they say nothing.
   */
  public static ForwardedHeaders read(
      HttpFields headers, InetAddress peer, Predicate<InetAddress> trusted) {
    List<String> forwarded = headers.getValuesList("Forwarded");
    if (!forwarded.isEmpty()) {
      return fromForwarded(ForwardedElements.parse(String.join(",", forwarded)), peer, trusted);
    }
    List<String> fors = splitList(headers.getValuesList("X-Forwarded-For"));
    String proto = last(splitList(headers.getValuesList("X-Forwarded-Proto")));
    String host = last(splitList(headers.getValuesList("X-Forwarded-Host")));
    String port = last(splitList(headers.getValuesList("X-Forwarded-Port")));
    if (fors.isEmpty() && proto == null && host == null && port == null) {
      return null;
    }
    return of(clientOf(fors, peer, trusted).address(), proto, host, port);
  }

  private static ForwardedHeaders fromForwarded(
      List<Map<String, String>> elements, InetAddress peer, Predicate<InetAddress> trusted) {
    List<String> fors = elements.stream().map(element -> element.get("for")).toList();
    Hop client = clientOf(fors, peer, trusted);
    String proto = null;
    String host = null;
    // The entry of the proxy that met the client; what it leaves out, nearer proxies may say.
    for (int i = client.index(); i < elements.size(); i++) {
      proto = proto != null ? proto : elements.get(i).get("proto");
      host = host != null ? host : elements.get(i).get("host");
    }
    return of(client.address(), proto, host, null);
  }

  /**
   * The client among the hops ({@code for} values, nearest proxy last): walking from the right, the
   * first address that is not a trusted proxy, or the last one that could be read.
   */
  private static Hop clientOf(List<String> fors, InetAddress peer, Predicate<InetAddress> trusted) {
    Hop client = new Hop(peer, Math.max(fors.size() - 1, 0));
    for (int i = fors.size() - 1; i >= 0; i--) {
      InetAddress hop = address(fors.get(i));
      if (hop == null) {
        break;
      }
      client = new Hop(hop, i);
      if (!trusted.test(hop)) {
        break;
      }
    }
    return client;
  }

  /** An address and the position of the entry that names it. */
  private record Hop(InetAddress address, int index) {}

  private static ForwardedHeaders of(InetAddress client, String proto, String host, String port) {
    String scheme = scheme(proto);
    String hostName = null;
    int hostPort = -1;
    if (host != null) {
      Matcher matcher = HOST_PORT.matcher(host);
      if (matcher.matches()) {
        hostName = matcher.group(1);
        hostPort = port(matcher.group(2));
      }
    }
    if (hostPort == -1) {
      hostPort = port(port);
    }
    return new ForwardedHeaders(client, scheme, hostName, hostPort);
  }

  private static String scheme(String proto) {
    if (proto == null) {
      return null;
    }
    return switch (proto.toLowerCase(Locale.ROOT)) {
      case "https", "wss" -> "https";
      case "http", "ws" -> "http";
      default -> null;
    };
  }

  private static int port(String text) {
    if (text == null || !PORT.matcher(text).matches()) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : -1;
  }

  /**
   * The address of a {@code for} value: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code
   * [2001:db8::1]}, {@code [2001:db8::1]:4711} or a bare {@code 2001:db8::1}.
   */
  private static InetAddress address(String node) {
    if (node == null) {
      return null;
    }
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close < 0 ? null : IpLiteral.parse(node.substring(1, close));
    }
    int colon = node.indexOf(':');
    if (colon >= 0 && colon == node.lastIndexOf(':')) {
      return IpLiteral.parse(node.substring(0, colon));
    }
    return IpLiteral.parse(node);
  }

  private static List<String> splitList(List<String> values) {
    List<String> items = new ArrayList<>();
    for (String value : values) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  private static String last(List<String> items) {
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }
}
