package org.chatharness.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address written as text ({@code 203.0.113.5}, {@code 2001:db8::1}), read without ever
 * asking DNS: text from a header or the command line that is not an address is not an address.
 */
final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  // Hex groups, colons and an optional embedded IPv4 tail; InetAddress checks the rest.
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiteral() {}

  /** The address {@code text} spells, or {@code null} when it spells none. */
  static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
    if (!v4 && !v6) {
      return null;
    }
    try {
      // A literal: InetAddress parses it and does no lookup.
      return InetAddress.getByName(text);
    } catch (UnknownHostException notAnAddress) {
      return null;
    }
  }
}
