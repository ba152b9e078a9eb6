package org.chatharness.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * A request as its client made it to a trusted proxy: the client's address, and the scheme, host
 * and port the client used, where the proxy's headers name them. Everything that reads these
 * through Jetty's request (the origin check, the per-address limit, logs) sees the client's view.
 */
final class ForwardedRequest extends Request.Wrapper {
  private final HttpURI uri;
  private final HttpFields headers;
  private final boolean secure;
  private final ConnectionMetaData connection;

  ForwardedRequest(Request request, ForwardedHeaders forwarded) {
    super(request);
    HttpURI own = request.getHttpURI();
    String scheme =
        forwarded.scheme() != null ? forwarded.scheme() : (request.isSecure() ? "https" : "http");
    String host = forwarded.host() != null ? forwarded.host() : Request.getServerName(request);
    int port;
    if (forwarded.port() != -1) {
      port = forwarded.port();
    } else if (forwarded.host() == null && own.getPort() > 0) {
      port = own.getPort();
    } else {
      // A host named without a port: the default of the scheme the client used.
      port = HttpScheme.HTTPS.is(scheme) ? 443 : 80;
    }
    this.uri = HttpURI.build(own).scheme(scheme).authority(host, port).asImmutable();
    this.secure = HttpScheme.HTTPS.is(scheme);
    // Jetty refuses (400) a request whose authority is not its Host header's.
    this.headers = HttpFields.build(request.getHeaders(), new HostPortHttpField(host, port));
    SocketAddress client = new InetSocketAddress(forwarded.client(), 0);
    HostPort authority = new HostPort(host, port);
    this.connection =
        new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
          @Override
          public SocketAddress getRemoteSocketAddress() {
            return client;
          }

          @Override
          public HostPort getServerAuthority() {
            return authority;
          }
        };
  }

  @Override
  public HttpURI getHttpURI() {
    return uri;
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public ConnectionMetaData getConnectionMetaData() {
    return connection;
  }
}
