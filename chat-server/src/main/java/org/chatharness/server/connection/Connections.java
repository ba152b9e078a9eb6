package org.chatharness.server.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Parts the connections are kept in, each visited by a heartbeat beat of its own ({@link
   * Heartbeat}): a connection's part follows from its identity, so it never moves.
   */
  static final int SLICES = 50;

  private final List<Set<ChatConnection>> slices = new ArrayList<>(SLICES);
  private final AtomicInteger count = new AtomicInteger();
  private final ConcurrentMap<String, AddressCount> perAddress = new ConcurrentHashMap<>();

  public Connections() {
    for (int i = 0; i < SLICES; i++) {
      slices.add(ConcurrentHashMap.newKeySet());
    }
  }

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
    sliceOf(connection).add(connection);
    return Admission.ADMITTED;
  }

  /** Uncounts an admitted connection; safe to call more than once. */
  void remove(ChatConnection connection) {
    if (sliceOf(connection).remove(connection)) {
      count.decrementAndGet();
      perAddress.computeIfPresent(
          connection.clientAddress(), (address, entry) -> --entry.count == 0 ? null : entry);
    }
  }

  /** Bytes waiting to be sent to clients, summed over every connection; read at scrape time. */
  public long pendingBytes() {
    long total = 0;
    for (Set<ChatConnection> slice : slices) {
      for (ChatConnection connection : slice) {
        total += connection.outbound().pendingBytes();
      }
    }
    return total;
  }

  /** Number of connections, the upgrades under way included. */
  public int size() {
    int size = 0;
    for (Set<ChatConnection> slice : slices) {
      size += slice.size();
    }
    return size;
  }

  /** Starts the close handshake on every connection. */
  public void closeAll(int code, String reason) {
    slices.forEach(slice -> slice.forEach(connection -> connection.close(code, reason)));
  }

  /**
   * Waits until every connection has closed, or the timeout passes.
   *
   * @return whether all closed in time
   */
  public boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (size() != 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Drops every connection that is still open, without a handshake. */
  public void abortAll() {
    slices.forEach(slice -> slice.forEach(ChatConnection::abort));
  }

  /** The connections of one part, {@code 0 <= slice <} {@link #SLICES}. */
  Iterable<ChatConnection> slice(int slice) {
    return slices.get(slice);
  }

  private Set<ChatConnection> sliceOf(ChatConnection connection) {
    return slices.get((System.identityHashCode(connection) & Integer.MAX_VALUE) % SLICES);
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
