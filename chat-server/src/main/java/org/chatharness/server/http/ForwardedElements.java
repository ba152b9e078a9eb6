package org.chatharness.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The elements of an RFC 7239 {@code Forwarded} value ({@code for=192.0.2.1;proto=https,
 * for="[2001:db8::1]"}), each its parameters by lower-case name, with quoted strings unquoted.
 * Separators inside quotes do not separate; a pair without a name or {@code =} is dropped.
 */
final class ForwardedElements {
  private ForwardedElements() {}

  static List<Map<String, String>> parse(String value) {
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
}
