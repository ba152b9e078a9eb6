package org.chatharness.load.targets;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.chatharness.load.Parameters;
import org.chatharness.load.probes.ProcessProbe;
import org.chatharness.load.probes.ServerProbe;

/**
 * Servers already running at one or more URLs. When there is one node on this machine, its process
 * is found (from {@code -DserverPid}, or from the port it listens on) so that its CPU and heap can
 * be measured.
 */
final class RemoteTarget implements Target {
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final List<URI> nodes;
  private final ServerProbe probe;

  private RemoteTarget(List<URI> nodes, ServerProbe probe) {
    this.nodes = nodes;
    this.probe = probe;
  }

  static RemoteTarget of(String urls) {
    List<URI> nodes =
        Arrays.stream(urls.split(","))
            .map(String::trim)
            .filter(url -> !url.isEmpty())
            .map(RemoteTarget::parse)
            .toList();
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("-Dtarget names no URL");
    }
    return new RemoteTarget(nodes, probeFor(nodes));
  }

  private static URI parse(String url) {
    URI uri = URI.create(url.contains("://") ? url : "http://" + url);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("not a server URL: " + url);
    }
    return uri;
  }

  private static ServerProbe probeFor(List<URI> nodes) {
    if (Parameters.SERVER_PID.isSet()) {
      return new ProcessProbe(Parameters.SERVER_PID.get());
    }
    if (nodes.size() == 1) {
      URI node = nodes.get(0);
      String host = node.getHost();
      if (LOCAL_HOSTS.contains(host) || host.startsWith("127.")) {
        int port = node.getPort() > 0 ? node.getPort() : 80;
        long found = ProcessProbe.findListener(port);
        if (found > 0) {
          return new ProcessProbe(found);
        }
      }
    }
    return ServerProbe.NONE;
  }

  @Override
  public List<URI> nodes() {
    return nodes;
  }

  @Override
  public ServerProbe probe() {
    return probe;
  }

  @Override
  public String describe() {
    return String.join(", ", nodes.stream().map(URI::toString).toList());
  }

  @Override
  public void close() {}
}
