package org.chatharness.load.raw;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens one WebSocket connection with a raw socket: a TCP connect from a chosen source address,
 * then the upgrade handshake, each bounded in time. Thread-safe: several threads open at once.
 */
final class Connector {
  private final InetSocketAddress target;
  private final String hostHeader;
  private final String path;
  private final List<InetAddress> sources;
  private final int timeoutMillis;

  /**
   * A connection just opened, with any bytes that came right after the handshake response, and the
   * time from the start of the TCP connect to the checked response.
   */
  record Opened(SocketChannel channel, ByteBuffer early, long handshakeNanos) {}

  /**
   * @param target {@code ws://host:port/path}
   * @param sourceAddresses how many 127.0.0.x addresses to connect from when the target is on IPv4
   *     loopback (each has its own ~28,000 ephemeral ports); ignored for other targets
   */
  Connector(URI target, int sourceAddresses, Duration timeout) throws IOException {
    if (!"ws".equals(target.getScheme()) || target.getHost() == null) {
      throw new IOException("the target must be a ws:// URL, got " + target);
    }
    int port = target.getPort() > 0 ? target.getPort() : 80;
    this.target = new InetSocketAddress(target.getHost(), port);
    if (this.target.isUnresolved()) {
      throw new IOException("cannot resolve " + target.getHost());
    }
    this.hostHeader = target.getHost() + ":" + port;
    this.path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    this.sources = sourceAddresses(this.target.getAddress(), sourceAddresses);
    this.timeoutMillis = (int) timeout.toMillis();
  }

  /** 127.0.0.1 … 127.0.0.{count} for an IPv4 loopback target; none (no binding) otherwise. */
  static List<InetAddress> sourceAddresses(InetAddress target, int count) throws IOException {
    List<InetAddress> sources = new ArrayList<>();
    if (target instanceof Inet4Address && target.isLoopbackAddress()) {
      for (int i = 1; i <= count; i++) {
        sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
      }
    }
    return sources;
  }

  /** Opens connection number {@code index} (its source address is chosen round-robin). */
  Opened open(int index) throws IOException {
    SocketChannel channel = SocketChannel.open();
    long start = System.nanoTime();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (!sources.isEmpty()) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(sources.get(index % sources.size()), 0));
      }
      // The socket adaptor honours timeouts on a blocking channel; the channel itself does not.
      channel.socket().connect(target, timeoutMillis);
      channel.socket().setSoTimeout(timeoutMillis);
      Handshake handshake = new Handshake(ThreadLocalRandom.current());
      channel.write(ByteBuffer.wrap(handshake.request(hostHeader, path)));
      ByteBuffer early = handshake.readResponse(channel.socket().getInputStream());
      return new Opened(channel, early, System.nanoTime() - start);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** How many addresses connections come from (0: the system's choice). */
  int sourceCount() {
    return sources.size();
  }
}
