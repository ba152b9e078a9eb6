package org.chatharness.server.http;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** {@code GET /health}: 200 with status and open connections while serving, 503 when stopping. */
public final class HealthHandler extends Handler.Abstract.NonBlocking {
  public static final String PATH = "/health";

  private final IntSupplier openConnections;
  private final BooleanSupplier stopping;

  public HealthHandler(IntSupplier openConnections, BooleanSupplier stopping) {
    this.openConnections = openConnections;
    this.stopping = stopping;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    if (GetOrHead.refused(request, response, callback)) {
      return true;
    }
    boolean down = stopping.getAsBoolean();
    String body =
        "{\"status\":\"%s\",\"connections\":%d}\n"
            .formatted(down ? "STOPPING" : "UP", openConnections.getAsInt());
    response.setStatus(down ? HttpStatus.SERVICE_UNAVAILABLE_503 : HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, BufferUtil.toBuffer(body, StandardCharsets.UTF_8), callback);
    return true;
  }
}
