package org.chatharness.server.http;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.chatharness.server.broker.BrokerStatus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health}: 200 with status and open connections while serving, 503 when stopping.
 *
 * <p>With a shared broker it names the broker's state too; while the broker is unreachable the
 * status is {@code DEGRADED}, still with 200: the node serves its connected clients and recovers by
 * itself, and a balancer that took every node out during a Redis outage would make it total.
 */
public final class HealthHandler extends Handler.Abstract.NonBlocking {
  public static final String PATH = "/health";

  private final IntSupplier openConnections;
  private final BooleanSupplier stopping;
  private final Supplier<BrokerStatus> broker;

  public HealthHandler(
      IntSupplier openConnections, BooleanSupplier stopping, Supplier<BrokerStatus> broker) {
    this.openConnections = openConnections;
    this.stopping = stopping;
    this.broker = broker;
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
    BrokerStatus brokerStatus = broker.get();
    String status = down ? "STOPPING" : "UP";
    if (!down && brokerStatus != null && !brokerStatus.available()) {
      status = "DEGRADED";
    }
    String body =
        brokerStatus == null
            ? "{\"status\":\"%s\",\"connections\":%d}\n"
                .formatted(status, openConnections.getAsInt())
            : "{\"status\":\"%s\",\"connections\":%d,\"broker\":\"%s\"}\n"
                .formatted(status, openConnections.getAsInt(), brokerStatus.description());
    response.setStatus(down ? HttpStatus.SERVICE_UNAVAILABLE_503 : HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, BufferUtil.toBuffer(body, StandardCharsets.UTF_8), callback);
    return true;
  }
}
