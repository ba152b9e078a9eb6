package org.chatharness.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * The proxies of {@code --trust-proxy}: a request that comes from one of them is seen as its client
 * made it ({@link ForwardedRequest}), from the proxy's {@code Forwarded} or {@code X-Forwarded-*}
 * headers. A request from any other address keeps its own values: anyone can send those headers.
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {
  private final List<AddressBlock> proxies;

  public TrustedProxies(List<AddressBlock> proxies) {
    this.proxies = List.copyOf(proxies);
  }

  /** Whether {@code address} is one of the proxies. */
  public boolean trusts(InetAddress address) {
    for (AddressBlock block : proxies) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    if (!(request.getConnectionMetaData().getRemoteSocketAddress()
            instanceof InetSocketAddress peer)
        || peer.getAddress() == null
        || !trusts(peer.getAddress())) {
      return request;
    }
    ForwardedHeaders forwarded =
        ForwardedHeaders.read(request.getHeaders(), peer.getAddress(), this::trusts);
    return forwarded == null ? request : new ForwardedRequest(request, forwarded);
  }
}
