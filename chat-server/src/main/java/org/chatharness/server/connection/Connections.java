package org.chatharness.server.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Every open connection on this node: counted for health, pinged, and closed on shutdown. */
public final class Connections {
  private final Set<ChatConnection> open = ConcurrentHashMap.newKeySet();
  private final LongAdder slowConsumers = new LongAdder();
  private final ConcurrentMap<String, AddressCount> perAddress = new ConcurrentHashMap<>();

  /**
   * Registers an open connection from {@code clientAddress} and returns the registry's copy of that
   * address, shared by every connection from it, for the connection to keep until it is removed.
   */
  String add(ChatConnection connection, String clientAddress) {
    open.add(connection);
    AddressCount entry =
        perAddress.compute(
            clientAddress,
            (address, existing) -> {
              AddressCount counted = existing == null ? new AddressCount(address) : existing;
              counted.count++;
              return counted;
            });
    return entry.address;
  }

  void remove(ChatConnection connection) {
    if (open.remove(connection)) {
      perAddress.computeIfPresent(
          connection.clientAddress(), (address, entry) -> --entry.count == 0 ? null : entry);
    }
  }

  /** Open connections from one client address (an IP address, as {@code 127.0.0.1}). */
  public int countFrom(String clientAddress) {
    AddressCount entry = perAddress.get(clientAddress);
    return entry == null ? 0 : entry.count;
  }

  void countSlowConsumer() {
    slowConsumers.increment();
  }

  /** How many connections were closed for not keeping up, since start. */
  public long slowConsumerCloses() {
    return slowConsumers.sum();
  }

  /** Bytes waiting to be sent to clients, summed over every connection; read at scrape time. */
  public long pendingBytes() {
    long total = 0;
    for (ChatConnection connection : open) {
      if (connection.outbound() != null) {
        total += connection.outbound().pendingBytes();
      }
    }
    return total;
  }

  /**
   * Whether a connection from this remote address (as {@code /127.0.0.1:5555}) is open and, for a
   * plain client, already in its room: from then on it receives every message of the room.
   */
  public boolean isOpenFrom(String remoteAddress) {
    for (ChatConnection connection : open) {
      if (remoteAddress.equals(connection.remote())) {
        return connection.protocol() != org.chatharness.server.codec.Protocol.PLAIN
            || connection.isInRoom();
      }
    }
    return false;
  }

  /** Number of open connections. */
  public int size() {
    return open.size();
  }

  /** Starts the close handshake on every connection. */
  public void closeAll(int code, String reason) {
    open.forEach(connection -> connection.close(code, reason));
  }

  /**
   * Waits until every connection has closed, or the timeout passes.
   *
   * @return whether all closed in time
   */
  public boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Drops every connection that is still open, without a handshake. */
  public void abortAll() {
    open.forEach(ChatConnection::abort);
  }

  Iterable<ChatConnection> all() {
    return open;
  }

  /** The open connections from one address, and the one copy of the address they all keep. */
  private static final class AddressCount {
    final String address;
    // Changed only inside the map's compute functions, which run one at a time per address.
    volatile int count;

    AddressCount(String address) {
      this.address = address;
    }
  }
}
