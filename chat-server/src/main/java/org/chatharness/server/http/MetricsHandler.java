package org.chatharness.server.http;

import java.nio.charset.StandardCharsets;
import org.chatharness.server.metrics.ChatMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}: every meter in the Prometheus text format. */
public final class MetricsHandler extends Handler.Abstract {
  public static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ChatMetrics metrics;

  public MetricsHandler(ChatMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    if (GetOrHead.refused(request, response, callback)) {
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, BufferUtil.toBuffer(metrics.scrape(), StandardCharsets.UTF_8), callback);
    return true;
  }
}
