package org.chatharness.server.connection;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.config.Access;
import org.chatharness.server.config.Limits;
import org.chatharness.server.http.OriginPolicy;
import org.chatharness.server.logging.LogText;
import org.chatharness.server.outbound.JettyFrameGate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts or refuses a WebSocket upgrade, and picks the connection that will serve it.
 *
 * <p>Refusals are plain HTTP answers given before the upgrade: 403 for an origin that is not
 * allowed, 404 for a malformed room name, 429 for an address at its limit of connections, 503 while
 * the server is stopping or full (of rooms, or of connections).
 *
 * <p>An accepted connection is admitted here, before the 101 is written: it counts against the
 * limits from this moment, and a plain one is already in its room when the client sees its
 * handshake complete.
 */
public final class ChatNegotiator implements WebSocketNegotiator {
  private static final Logger LOG = LoggerFactory.getLogger(ChatNegotiator.class);

  /** The room of {@code /}; rooms are otherwise named by the path {@code /rooms/{name}}. */
  public static final String DEFAULT_ROOM = "lobby";

  /** Room names: 1-64 letters, digits, '-', '_' or '.', not starting with '.'. */
  public static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

  private static final Pattern ROOM_PATH = Pattern.compile("/rooms/([^/]*)/?");

  private final Limits limits;
  private final boolean permessageDeflate;
  private final ChatConnection.Context context;
  private final OriginPolicy origins;
  private final BooleanSupplier stopping;
  private final List<ExtensionConfig> directWrites =
      List.of(ExtensionConfig.parse(JettyFrameGate.NAME));

  /**
   * @param permessageDeflate whether clients are offered permessage-deflate
   */
  public ChatNegotiator(
      Access access,
      boolean permessageDeflate,
      ChatConnection.Context context,
      BooleanSupplier stopping) {
    this.limits = context.limits();
    this.permessageDeflate = permessageDeflate;
    this.context = context;
    this.origins = new OriginPolicy(access.allowedOrigins());
    this.stopping = stopping;
  }

  @Override
  public FrameHandler negotiate(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (stopping.getAsBoolean()) {
      Response.writeError(
          request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Server is stopping");
      return null;
    }
    String address = ClientAddress.of(request);
    if (!origins.allows(request)) {
      context.metrics().connectionRefused("origin");
      LOG.info("refused origin={} remote={}", LogText.escape(origin), address);
      Response.writeError(
          request, response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed");
      return null;
    }
    String room = roomOf(Request.getPathInContext(request));
    if (room == null) {
      Response.writeError(
          request, response, callback, HttpStatus.NOT_FOUND_404, "No such room path");
      return null;
    }
    if (!context.node().canHost(room)) {
      Response.writeError(
          request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Too many rooms");
      return null;
    }
    java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    boolean v1 = request.hasSubProtocol(Protocol.V1_NAME);
    ChatConnection connection =
        v1
            ? new V1Connection(context, room, origin, address, remote)
            : new PlainConnection(context, room, origin, address, remote);
    if (!admit(connection, address, request, response, callback)) {
      return null;
    }
    // Until the session opens, the connection holds a slot (and, if plain, a place in its room):
    // give them back if the 101 is never written or the upgrade fails after this point.
    Request.addCompletionListener(
        request,
        failure -> {
          if (failure != null || response.getStatus() != HttpStatus.SWITCHING_PROTOCOLS_101) {
            connection.abandon();
          }
        });
    if (!connection.admitted()) {
      connection.abandon();
      refuseRoomUnavailable(request, response, callback);
      return null;
    }
    if (!permessageDeflate || response.getExtensions().isEmpty()) {
      // No extension to see the frames: the session's queue writes them straight to the socket,
      // and Jetty's own frames wait at the gate for its writes.
      response.setExtensions(directWrites);
    }
    if (v1) {
      response.setAcceptedSubProtocol(Protocol.V1_NAME);
    }
    return connection;
  }

  /** The answer to an upgrade whose room cannot be made current now (a shared broker is down). */
  static void refuseRoomUnavailable(Request request, Response response, Callback callback) {
    Response.writeError(
        request,
        response,
        callback,
        HttpStatus.SERVICE_UNAVAILABLE_503,
        "Chat unavailable, try again later");
  }

  /** Counts the connection against the limits, or answers the upgrade with why not. */
  private boolean admit(
      ChatConnection connection,
      String address,
      Request request,
      Response response,
      Callback callback) {
    switch (context
        .connections()
        .admit(connection, limits.maxConnectionsPerAddress(), limits.maxConnections())) {
      case ADDRESS_FULL -> {
        context.metrics().connectionRefused("address_limit");
        Response.writeError(
            request,
            response,
            callback,
            HttpStatus.TOO_MANY_REQUESTS_429,
            "Too many connections from " + address);
        return false;
      }
      case SERVER_FULL -> {
        context.metrics().connectionRefused("server_full");
        Response.writeError(
            request,
            response,
            callback,
            HttpStatus.SERVICE_UNAVAILABLE_503,
            "Too many connections");
        return false;
      }
      default -> {
        return true;
      }
    }
  }

  @Override
  public void customize(Configuration configuration) {
    configuration.setMaxTextMessageSize(limits.maxMessageBytes());
    configuration.setMaxBinaryMessageSize(limits.maxMessageBytes());
    // An incoming frame is read in pieces of at most one message's size, and the TextAssembler
    // refuses (1009) a message that grows past the limit, so nothing larger is ever buffered. Auto
    // fragmentation must be on for the other direction: without it Jetty refuses to send any frame
    // larger than this size, and what the server sends may be larger than what a client may: a v1
    // message is the client's text plus JSON escaping, a history is many messages.
    configuration.setMaxFrameSize(limits.maxMessageBytes());
    configuration.setAutoFragment(true);
    // No idle timer per connection: the Heartbeat checks every connection on one timer (pinging,
    // closing the silent, aborting stuck closes), which at scale saves a scheduled task (88 bytes)
    // per connection and the rescheduling work Jetty's idle timeout does on every read and write.
    configuration.setIdleTimeout(Duration.ZERO);
  }

  /** The room a WebSocket path names, or {@code null} when the path names none validly. */
  static String roomOf(String path) {
    if ("/".equals(path) || path.isEmpty()) {
      return DEFAULT_ROOM;
    }
    Matcher matcher = ROOM_PATH.matcher(path);
    if (matcher.matches() && ROOM_NAME.matcher(matcher.group(1)).matches()) {
      return matcher.group(1);
    }
    return null;
  }
}
