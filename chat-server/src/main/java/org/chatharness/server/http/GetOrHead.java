package org.chatharness.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The rule of every read-only resource here: GET and HEAD, anything else gets 405. */
final class GetOrHead {
  private GetOrHead() {}

  /** Answers 405 with {@code Allow} unless the request is a GET or HEAD; returns whether it did. */
  static boolean refused(Request request, Response response, Callback callback) {
    if (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod())) {
      return false;
    }
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
    return true;
  }
}
