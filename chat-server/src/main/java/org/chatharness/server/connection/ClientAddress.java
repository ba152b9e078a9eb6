package org.chatharness.server.connection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;

/**
 * Who a connection counts as for the per-address limit: an IPv4 address, or the /64 network of an
 * IPv6 address. One host is usually given a whole /64, and picks a fresh address from it at will;
 * counting /128s would give it billions of limits.
 */
public final class ClientAddress {
  private static final int IPV6_NETWORK_GROUPS = 4;

  private ClientAddress() {}

  /** The one place a request's client address is derived, for the limit and the logs. */
  public static String of(Request request) {
    return of(request.getConnectionMetaData().getRemoteSocketAddress());
  }

  static String of(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return of(inet.getAddress());
    }
    return String.valueOf(remote);
  }

  /** {@code 192.0.2.7} for IPv4; {@code 2001:db8:1:2::/64} for any IPv6 address of that network. */
  static String of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
    StringBuilder network = new StringBuilder();
    for (int group = 0; group < IPV6_NETWORK_GROUPS; group++) {
      network.append(Integer.toHexString(bytes.getShort() & 0xFFFF)).append(':');
    }
    return network.append(":/64").toString();
  }
}
