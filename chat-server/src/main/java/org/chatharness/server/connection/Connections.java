package org.chatharness.server.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every connection on this node from its admission at the upgrade until it ends: counted against
 * the limits, for health, pinged, and closed on shutdown.
 */
public final class Connections {
  /** Why {@link #admit} refused a connection. */
  public enum Admission {
    ADMITTED,
    /** The client's address holds its limit of connections. */
    ADDRESS_FULL,
    /** The server holds its limit of connections. */
    SERVER_FULL
  }

  private final Set<ChatConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final ConcurrentMap<String, AddressCount> perAddress = new ConcurrentHashMap<>();

  /**
   * Counts a connection about to be upgraded, unless that would pass a limit: the check and the
   * count are one step, so a burst of concurrent upgrades cannot slip past either.
   *
   * @param perAddressLimit most connections from one client address; 0 for no limit
   * @param totalLimit most connections in all
   */
  Admission admit(ChatConnection connection, int perAddressLimit, int totalLimit) {
    if (count.incrementAndGet() > totalLimit) {
      count.decrementAndGet();
      return Admission.SERVER_FULL;
    }
    boolean[] full = {false};
    AddressCount entry =
        perAddress.compute(
            connection.clientAddress(),
            (address, existing) -> {
              AddressCount counted = existing == null ? new AddressCount(address) : existing;
              if (perAddressLimit > 0 && counted.count >= perAddressLimit) {
                full[0] = true;
              } else {
                counted.count++;
              }
              return counted;
            });
    if (full[0]) {
      count.decrementAndGet();
      return Admission.ADDRESS_FULL;
    }
    // Every connection from one address keeps the registry's one copy of the address string.
    connection.shareClientAddress(entry.address);
    open.add(connection);
    return Admission.ADMITTED;
  }

  /** Uncounts an admitted connection; safe to call more than once. */
  void remove(ChatConnection connection) {
    if (open.remove(connection)) {
      count.decrementAndGet();
      perAddress.computeIfPresent(
          connection.clientAddress(), (address, entry) -> --entry.count == 0 ? null : entry);
    }
  }

  /** Bytes waiting to be sent to clients, summed over every connection; read at scrape time. */
  public long pendingBytes() {
    long total = 0;
    for (ChatConnection connection : open) {
      total += connection.outbound().pendingBytes();
    }
    return total;
  }

  /** Number of connections, the upgrades under way included. */
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
    int count;

    AddressCount(String address) {
      this.address = address;
    }
  }
}
