package org.chatharness.server.http;

import java.net.InetAddress;

/**
 * A block of IP addresses: one address ({@code 10.0.0.7}, {@code ::1}) or a CIDR prefix ({@code
 * 10.0.0.0/8}, {@code fd00::/8}), as {@code --trust-proxy} lists them.
 */
public record AddressBlock(InetAddress network, int prefixLength) {

  public AddressBlock {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be 0-" + bits);
    }
  }

  /**
   * Reads {@code 10.0.0.7} or {@code 10.0.0.0/8}.
   *
   * @throws IllegalArgumentException with a message fit for the user when it is neither
   */
  public static AddressBlock parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress network = IpLiteral.parse(address);
    if (network == null) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an IP address or CIDR block (examples: 10.0.0.7, 10.0.0.0/8, ::1)");
    }
    int bits = network.getAddress().length * 8;
    if (slash < 0) {
      return new AddressBlock(network, bits);
    }
    String prefix = trimmed.substring(slash + 1);
    if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
      throw new IllegalArgumentException(
          "'" + text + "' has a prefix length that is not 0-" + bits);
    }
    return new AddressBlock(network, Integer.parseInt(prefix));
  }

  /** Whether {@code address} lies in this block; an IPv4 address never lies in an IPv6 block. */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] own = network.getAddress();
    if (candidate.length != own.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != own[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (candidate[whole] & mask) == (own[whole] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
