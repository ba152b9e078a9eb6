package org.chatharness.load.raw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A run's client connections: opened roughly in order by a few threads (each handshake timed), then
 * read by a few {@link ReceiveLoop}s (probes on their own) until closed.
 */
final class Fleet implements AutoCloseable {
  /** How long the server gets to answer the close handshake of all connections. */
  private static final long CLOSE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final List<Receiver> receivers = new ArrayList<>();
  private final List<Receiver> senders = new ArrayList<>();
  private final Samples handshakes = new Samples();
  private final List<ReceiveLoop> loops = new ArrayList<>();

  private Fleet() {}

  /**
   * Opens a connection for every position of {@code roles}, {@code connectThreads} at a time, and
   * starts reading them with {@code sinkLoops} threads plus one for the probes.
   *
   * @throws IOException naming the first connection that could not be opened (the others are then
   *     closed)
   */
  static Fleet open(
      Connector connector, Roles roles, int connectThreads, int sinkLoops, Supplier<Probe> probes)
      throws IOException, InterruptedException {
    Connector.Opened[] opened = openAll(connector, roles.clients(), connectThreads);
    Fleet fleet = new Fleet();
    List<Receiver> probeReceivers = new ArrayList<>();
    List<List<Receiver>> sinkShares = new ArrayList<>();
    for (int loop = 0; loop < sinkLoops; loop++) {
      sinkShares.add(new ArrayList<>());
    }
    for (int i = 0; i < opened.length; i++) {
      boolean probe = roles.of(i) == Roles.Role.PROBE;
      Receiver receiver = new Receiver(opened[i].channel(), probe ? probes.get() : null);
      receiver.onRead(opened[i].early(), System.nanoTime());
      fleet.receivers.add(receiver);
      fleet.handshakes.add(opened[i].handshakeNanos());
      (probe ? probeReceivers : sinkShares.get(i % sinkLoops)).add(receiver);
    }
    for (int position : roles.senderPositions()) {
      fleet.senders.add(fleet.receivers.get(position));
    }
    fleet.loops.add(new ReceiveLoop("probes", probeReceivers));
    for (int loop = 0; loop < sinkLoops; loop++) {
      fleet.loops.add(new ReceiveLoop("sinks-" + loop, sinkShares.get(loop)));
    }
    return fleet;
  }

  private static Connector.Opened[] openAll(Connector connector, int clients, int threads)
      throws IOException, InterruptedException {
    Connector.Opened[] opened = new Connector.Opened[clients];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<IOException> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < clients) {
                  try {
                    opened[i] = connector.open(i);
                  } catch (IOException e) {
                    String which = "connection " + (i + 1) + " of " + clients + ": ";
                    failure.compareAndSet(null, new IOException(which + e.getMessage(), e));
                  }
                }
              },
              "connect-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      for (Connector.Opened one : opened) {
        if (one != null) {
          one.channel().close();
        }
      }
      throw failure.get();
    }
    return opened;
  }

  /** Every connection, in the order they were opened. */
  List<Receiver> receivers() {
    return receivers;
  }

  /** The sending connections, by sender number. */
  List<Receiver> senders() {
    return senders;
  }

  /** Time of each handshake, from the TCP connect to the checked 101 response. */
  Samples handshakes() {
    return handshakes;
  }

  /**
   * Closes as a client should: a close frame (1000) on every open connection, a bounded wait for
   * the server to close each one (so the TIME_WAIT of the closed sockets stays on the server's side
   * and the source ports are free for the next run), then closes whatever is left.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    for (Receiver receiver : receivers) {
      if (!receiver.isGone()) {
        receiver.closeOnce(1000);
      }
    }
    long deadline = System.nanoTime() + CLOSE_PATIENCE_NANOS;
    while (System.nanoTime() < deadline && receivers.stream().anyMatch(r -> !r.isGone())) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    for (ReceiveLoop loop : loops) {
      loop.close();
    }
    for (Receiver receiver : receivers) {
      receiver.channel().close();
    }
  }
}
