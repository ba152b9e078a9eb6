package org.chatharness.server.http;

import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;

/**
 * Serves the chat page and its assets from the classpath ({@code web/} of {@code browser-page}).
 *
 * <p>The page lives at {@code /} and at {@code /rooms/{name}} (the same file; the script reads the
 * room from its own URL), which are also the WebSocket paths: a plain GET there gets the page, a
 * failed WebSocket handshake gets 400 (426 for an unsupported version), other methods get 405.
 */
public final class PageHandler extends Handler.Wrapper {
  static final String PAGE = "/index.html";
  private static final Pattern PAGE_PATHS = Pattern.compile("/|/rooms/[^/]+/?");

  public PageHandler(Resource webRoot) {
    ResourceHandler resources = new ResourceHandler();
    resources.setBaseResource(webRoot);
    resources.setDirAllowed(false);
    resources.setCacheControl("no-cache");
    setHandler(resources);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    boolean pagePath = PAGE_PATHS.matcher(path).matches();
    if (pagePath && isWebSocketUpgrade(request)) {
      badHandshake(request, response, callback);
      return true;
    }
    if (GetOrHead.refused(request, response, callback)) {
      return true;
    }
    Request target = pagePath ? withPath(request, PAGE) : request;
    return super.handle(target, response, callback);
  }

  private static boolean isWebSocketUpgrade(Request request) {
    String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
    return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
  }

  private static void badHandshake(Request request, Response response, Callback callback) {
    String version = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION);
    if (version != null && !"13".equals(version.trim())) {
      response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
      Response.writeError(
          request,
          response,
          callback,
          HttpStatus.UPGRADE_REQUIRED_426,
          "WebSocket version 13 required");
      return;
    }
    Response.writeError(
        request, response, callback, HttpStatus.BAD_REQUEST_400, "Bad WebSocket handshake");
  }

  private static Request withPath(Request request, String path) {
    HttpURI uri = HttpURI.build(request.getHttpURI()).path(path).asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpURI getHttpURI() {
        return uri;
      }
    };
  }
}
