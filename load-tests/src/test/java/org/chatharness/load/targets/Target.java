package org.chatharness.load.targets;

import java.net.URI;
import java.util.List;
import org.chatharness.load.Parameters;
import org.chatharness.load.probes.ServerProbe;

/**
 * The server(s) a simulation loads, chosen with {@code -Dtarget=} or {@code -DserverCommand=}:
 *
 * <ul>
 *   <li>a URL, default {@code http://localhost:8000}, or several separated by commas (users are
 *       spread over them round-robin);
 *   <li>{@code -DserverCommand}: any server this run starts with a command ({@link CommandTarget});
 *   <li>{@code embedded}: a {@code ChatServer} started inside the Gatling JVM on a free port;
 *   <li>{@code container}: the server image started in a container with CPU and memory limits;
 *   <li>{@code cluster}: Redis and chat-server node processes on this machine ({@link
 *       ClusterTarget}).
 * </ul>
 */
public interface Target extends AutoCloseable {

  /** The base HTTP URL of each node, such as {@code http://localhost:8000/}. */
  List<URI> nodes();

  /** What can be measured of the server. */
  ServerProbe probe();

  /** What this target is, for reports. */
  String describe();

  /** Stops whatever this target started; a no-op for a URL. */
  @Override
  void close();

  /** The index of the node of the user numbered {@code userId}: nodes are taken in turn. */
  default int nodeIndex(long userId) {
    return (int) Math.floorMod(userId, (long) nodes().size());
  }

  /** The node of the user numbered {@code userId}. */
  default URI node(long userId) {
    return nodes().get(nodeIndex(userId));
  }

  /** The WebSocket URL of {@code path} on the user's node. */
  default String webSocketUrl(long userId, String path) {
    URI node = node(userId);
    String scheme = "https".equals(node.getScheme()) ? "wss" : "ws";
    return scheme + "://" + node.getRawAuthority() + path;
  }

  /** The target the run's parameters name, started if it is ours to start. */
  static Target fromParameters() {
    if (Parameters.SERVER_COMMAND.isSet()) {
      if (Parameters.TARGET.isSet()) {
        throw new IllegalArgumentException("give -Dtarget or -DserverCommand, not both");
      }
      return CommandTarget.start(Parameters.SERVER_COMMAND.get());
    }
    String target = Parameters.TARGET.get();
    return switch (target) {
      case "embedded" -> EmbeddedTarget.start();
      case "container" -> ContainerTarget.start();
      case "cluster" -> ClusterTarget.start();
      default -> RemoteTarget.of(target);
    };
  }
}
