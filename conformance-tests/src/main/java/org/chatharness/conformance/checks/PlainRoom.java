package org.chatharness.conformance.checks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.client.PlainClient;

/**
 * The plain clients of one check. Every text of the check starts with a prefix of its own and the
 * clients look only at texts with it, so other users of a shared server do not disturb the check.
 *
 * <p>A plain client cannot tell when the server has added it to the room: the tutorial protocol has
 * no welcome. Checks that are not about that moment wait as a person would, until a message gets
 * through: {@link #awaitReady} sends probes until every client has received one. Only {@code
 * FreshClientChecks} holds the server to receiving from the moment of the handshake.
 */
public final class PlainRoom {
  private static final Duration FIRST_PROBE_PAUSE = Duration.ofMillis(20);

  private final Clients clients;
  private final URI socket;
  private final String prefix = UUID.randomUUID().toString().substring(0, 8) + " ";
  private final String probePrefix = prefix + "probe ";
  private PlainClient prober;
  private int probes;

  public PlainRoom(Clients clients) {
    this(clients, clients.target().socketUri());
  }

  public PlainRoom(Clients clients, URI socket) {
    this.clients = clients;
    this.socket = socket;
  }

  /** {@code body} with this check's prefix: the text to send. */
  public String text(String body) {
    return prefix + body;
  }

  /** The body of one of this check's texts, without the prefix. */
  public String body(String text) {
    return text.substring(prefix.length());
  }

  /** A new recording client in the room. */
  public PlainClient join() throws IOException {
    return clients.plain(socket);
  }

  /** {@code count} new recording clients, ready to receive (see {@link #awaitReady}). */
  public List<PlainClient> joinReady(int count) throws IOException, InterruptedException {
    List<PlainClient> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(join());
    }
    awaitReady(members);
    return members;
  }

  /** A new client that drops what it receives: a sender only. */
  public PlainClient sender() throws IOException {
    return clients.sendOnly(socket);
  }

  /**
   * Waits until every one of {@code members} receives the room's messages: sends probes until each
   * has received one, for at most {@link Bounds#READY}. The pause between probes starts short and
   * doubles up to {@link Bounds#READY_PROBE}, so a near server is ready in milliseconds and a far
   * one is not flooded. Probes are never returned by the reading methods.
   */
  public void awaitReady(List<PlainClient> members) throws IOException, InterruptedException {
    if (prober == null) {
      prober = sender();
    }
    List<PlainClient> waiting = new ArrayList<>(members);
    long deadline = System.nanoTime() + Bounds.READY.toNanos();
    Duration pause = FIRST_PROBE_PAUSE;
    while (true) {
      prober.send(probePrefix + ++probes);
      long until = System.nanoTime() + pause.toNanos();
      for (Iterator<PlainClient> it = waiting.iterator(); it.hasNext(); ) {
        if (receivedProbe(it.next(), until)) {
          it.remove();
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            waiting.size()
                + " of "
                + members.size()
                + " new clients received none of the room's messages within "
                + Bounds.READY
                + " ("
                + probes
                + " probes sent)");
      }
      Duration doubled = pause.multipliedBy(2);
      pause = doubled.compareTo(Bounds.READY_PROBE) < 0 ? doubled : Bounds.READY_PROBE;
    }
  }

  /** Whether {@code member} receives a probe before {@code deadline}; other texts are dropped. */
  private boolean receivedProbe(PlainClient member, long deadline) throws InterruptedException {
    while (true) {
      PlainClient.Received received =
          member.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (received == null) {
        return false;
      }
      if (received.text().startsWith(probePrefix)) {
        if (received.binary()) {
          throw new AssertionError(
              "a text message came back as a binary frame: \"" + received.text() + "\"");
        }
        return true;
      }
    }
  }

  /**
   * Sends {@code body} (with the prefix) from a connection of the room's own that takes part in
   * nothing else, and returns the text: a marker that every member receives after whatever the
   * server accepted before it.
   */
  public String mark(String body) throws IOException {
    if (prober == null) {
      prober = sender();
    }
    String text = text(body);
    prober.send(text);
    return text;
  }

  /**
   * The next text of this check that {@code member} receives, waiting at most {@code timeout}; null
   * if none arrives. A binary message with this check's prefix fails: the tutorial's protocol is
   * text.
   */
  public String poll(PlainClient member, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      PlainClient.Received received =
          member.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (received == null) {
        return null;
      }
      if (!received.text().startsWith(prefix) || received.text().startsWith(probePrefix)) {
        continue;
      }
      if (received.binary()) {
        throw new AssertionError(
            "a text message came back as a binary frame: \"" + clip(received.text()) + "\"");
      }
      return received.text();
    }
  }

  /** The next text of this check; fails if none arrives within {@link Bounds#DELIVERY}. */
  public String next(PlainClient member) throws InterruptedException {
    String text = poll(member, Bounds.DELIVERY);
    if (text == null) {
      PlainClient.Closed closed = member.closedNow();
      throw new AssertionError(
          "no message within "
              + Bounds.DELIVERY
              + (closed == null ? "" : "; the connection was closed: " + closed));
    }
    return text;
  }

  /**
   * Every text of this check {@code member} receives up to and including {@code last}; fails if
   * {@code last} does not arrive, each message waited for at most {@link Bounds#DELIVERY}.
   */
  public List<String> receiveUntil(PlainClient member, String last) throws InterruptedException {
    List<String> received = new ArrayList<>();
    while (true) {
      String text = poll(member, Bounds.DELIVERY);
      if (text == null) {
        PlainClient.Closed closed = member.closedNow();
        throw new AssertionError(
            "\""
                + clip(last)
                + "\" did not arrive within "
                + Bounds.DELIVERY
                + " after "
                + received.size()
                + " messages"
                + (received.isEmpty()
                    ? ""
                    : ", the last \"" + clip(received.get(received.size() - 1)) + "\"")
                + (closed == null ? "" : "; the connection was closed: " + closed));
      }
      received.add(text);
      if (text.equals(last)) {
        return received;
      }
    }
  }

  /**
   * Reads until every text one sender sent ({@code sent}, in its order) has arrived; see {@link
   * #receiveAll(PlainClient, List)}.
   */
  public List<String> receiveAllFrom(PlainClient member, List<String> sent)
      throws InterruptedException {
    return receiveAll(member, List.of(sent));
  }

  /**
   * Reads until every text of {@code runs} (each one sender's texts, in the order it sent them) has
   * arrived, and returns them in the order received. Fails on a text received twice, on one not
   * sent, on one that overtakes an earlier text of its sender (that one was lost or is out of
   * order: no need to wait for it), or when one does not arrive within {@link Bounds#DELIVERY}.
   */
  public List<String> receiveAll(PlainClient member, List<List<String>> runs)
      throws InterruptedException {
    Map<String, Integer> positions = new HashMap<>();
    for (int run = 0; run < runs.size(); run++) {
      for (String text : runs.get(run)) {
        positions.put(text, run);
      }
    }
    int[] next = new int[runs.size()];
    List<String> received = new ArrayList<>(positions.size());
    while (received.size() < positions.size()) {
      String text = poll(member, Bounds.DELIVERY);
      if (text == null) {
        PlainClient.Closed closed = member.closedNow();
        throw new AssertionError(
            (positions.size() - received.size())
                + " of "
                + positions.size()
                + " messages did not arrive within "
                + Bounds.DELIVERY
                + (closed == null ? "" : "; the connection was closed: " + closed));
      }
      Integer run = positions.get(text);
      if (run == null) {
        throw new AssertionError("not sent by this check: \"" + clip(text) + "\"");
      }
      List<String> own = runs.get(run);
      int index = own.indexOf(text);
      if (index < next[run]) {
        throw new AssertionError("received twice: \"" + clip(text) + "\"");
      }
      if (index > next[run]) {
        throw new AssertionError(
            "\""
                + clip(own.get(next[run]))
                + "\" is missing: \""
                + clip(text)
                + "\", sent after it by the same client, arrived first ("
                + received.size()
                + " messages received before)");
      }
      next[run]++;
      received.add(text);
    }
    return received;
  }

  private static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "… (" + text.length() + " chars)";
  }
}
