package org.chatharness.server.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
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
      return fromForwarded(String.join(",", forwarded), peer, trusted);
    }
    List<String> fors = splitList(headers.getValuesList("X-Forwarded-For"));
    String proto = last(splitList(headers.getValuesList("X-Forwarded-Proto")));
    String host = last(splitList(headers.getValuesList("X-Forwarded-Host")));
    String port = last(splitList(headers.getValuesList("X-Forwarded-Port")));
    if (fors.isEmpty() && proto == null && host == null && port == null) {
      return null;
    }
    InetAddress client = peer;
    for (int i = fors.size() - 1; i >= 0; i--) {
      InetAddress hop = address(fors.get(i));
      if (hop == null) {
        break;
      }
      client = hop;
      if (!trusted.test(hop)) {
        break;
      }
    }
    return of(client, proto, host, port);
  }

  private static ForwardedHeaders fromForwarded(
      String value, InetAddress peer, Predicate<InetAddress> trusted) {
    List<Map<String, String>> elements = elements(value);
    InetAddress client = peer;
    int clientElement = elements.size() - 1;
    for (int i = elements.size() - 1; i >= 0; i--) {
      InetAddress hop = address(elements.get(i).get("for"));
      if (hop == null) {
        break;
      }
      client = hop;
      clientElement = i;
      if (!trusted.test(hop)) {
        break;
      }
    }
    String proto = null;
    String host = null;
    // The entry of the proxy that met the client; what it leaves out, nearer proxies may say.
    for (int i = Math.max(clientElement, 0); i < elements.size(); i++) {
      proto = proto != null ? proto : elements.get(i).get("proto");
      host = host != null ? host : elements.get(i).get("host");
    }
    return of(client, proto, host, null);
  }

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

  /** The elements of a {@code Forwarded} value, each its parameters by lower-case name. */
  private static List<Map<String, String>> elements(String value) {
    List<Map<String, String>> elements = new ArrayList<>();
    Map<String, String> element = new HashMap<>();
    StringBuilder pair = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < value.length()) {
          pair.append(value.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          pair.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ';' || c == ',') {
        addPair(element, pair);
        if (c == ',') {
          elements.add(element);
          element = new HashMap<>();
        }
      } else {
        pair.append(c);
      }
    }
    addPair(element, pair);
    elements.add(element);
    return elements;
  }

  private static void addPair(Map<String, String> element, StringBuilder pair) {
    int equals = pair.indexOf("=");
    if (equals > 0) {
      String name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      // A repeated parameter makes the element ambiguous: the first one counts.
      element.putIfAbsent(name, pair.substring(equals + 1).trim());
    }
    pair.setLength(0);
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
