package org.chatharness.load.chaos;

import static org.chatharness.load.Parameters.ACK_WAIT;
import static org.chatharness.load.Parameters.RECONNECT_ATTEMPTS;
import static org.chatharness.load.Parameters.RECONNECT_FIRST_MS;
import static org.chatharness.load.Parameters.RECONNECT_MAX_MS;
import static org.chatharness.load.Parameters.RESEND_ACKED;
import static org.chatharness.load.Parameters.SIZE;
import static org.chatharness.load.Parameters.TIMEOUT;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.chatharness.load.protocol.V1Protocol;

/**
 * The chaos run's users and what they share: one HTTP client (its WebSocket selector), a timer for
 * sends, back-offs and join timeouts, the ledger, and the settings. A user whose first connection
 * or join fails is remembered: that must never happen, even under chaos.
 *
 * <pre>{@code
 * ChaosUsers users = new ChaosUsers(cluster.nodes(), "/rooms/chaos", protocol, ledger, settings);
 * users.start(userId, messages, interval);   // from each virtual user
 * users.close();                             // at the end
 * }</pre>
 */
public final class ChaosUsers implements AutoCloseable {
  /**
   * How the users behave.
   *
   * @param messageSize bytes of each test message
   * @param joinTimeout how long a join may wait for its history before the user reconnects
   * @param ackWait how long a sender waits for its last acks after its last send
   * @param maxAttempts reconnect attempts before a user gives up
   * @param resendAcked acknowledged messages a sender re-sends after each rejoin
   */
  public record Settings(
      int messageSize,
      Duration joinTimeout,
      Duration ackWait,
      Backoff backoff,
      int maxAttempts,
      int resendAcked) {

    /** The settings the run's parameters give. */
    public static Settings fromParameters() {
      return new Settings(
          SIZE.get(),
          Duration.ofSeconds(TIMEOUT.get()),
          Duration.ofSeconds(ACK_WAIT.get()),
          new Backoff(
              Duration.ofMillis(RECONNECT_FIRST_MS.get()),
              Duration.ofMillis(RECONNECT_MAX_MS.get())),
          RECONNECT_ATTEMPTS.get(),
          RESEND_ACKED.get());
    }
  }

  final HttpClient http = HttpClient.newHttpClient();
  final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "chaos-users");
            thread.setDaemon(true);
            return thread;
          });
  final V1Protocol protocol;
  final ChaosLedger ledger;
  final int messageSize;
  final Duration joinTimeout;
  final Duration ackWait;
  final Backoff backoff;
  final int maxAttempts;
  final int resendAcked;
  private final List<URI> nodes;
  private final String path;
  private final Map<Long, ChaosClient> clients = new ConcurrentHashMap<>();
  private final Map<Long, String> firstJoinFailures = new ConcurrentHashMap<>();

  public ChaosUsers(
      List<URI> nodes, String path, V1Protocol protocol, ChaosLedger ledger, Settings settings) {
    this.nodes = List.copyOf(nodes);
    this.path = path;
    this.protocol = protocol;
    this.ledger = ledger;
    this.messageSize = settings.messageSize();
    this.joinTimeout = settings.joinTimeout();
    this.ackWait = settings.ackWait();
    this.backoff = settings.backoff();
    this.maxAttempts = settings.maxAttempts();
    this.resendAcked = settings.resendAcked();
  }

  /**
   * Starts user {@code userId} on its own node (users are spread over the nodes in turn); a sender
   * sends {@code messages}, one every {@code interval}, once everyone has arrived.
   */
  public void start(long userId, int messages, Duration interval) {
    ChaosClient client =
        new ChaosClient(userId, (int) Math.floorMod(userId, (long) nodes.size()), messages, this);
    clients.put(userId, client);
    client.start(interval);
  }

  int nodes() {
    return nodes.size();
  }

  URI webSocketUri(int node) {
    return URI.create("ws://" + nodes.get(node).getRawAuthority() + path);
  }

  void firstJoinFailed(long userId, String why) {
    firstJoinFailures.putIfAbsent(userId, why);
  }

  /** Users whose first connection or join failed, with why (the first few). */
  public List<String> firstJoinFailures() {
    return firstJoinFailures.entrySet().stream()
        .limit(5)
        .map(e -> "user " + e.getKey() + ": " + e.getValue())
        .toList();
  }

  /** How many users' first connection or join failed. */
  public int firstJoinFailureCount() {
    return firstJoinFailures.size();
  }

  /** Closes every user's connection and stops the timer. */
  @Override
  public void close() {
    clients.values().forEach(ChaosClient::close);
    timer.shutdownNow();
  }
}
