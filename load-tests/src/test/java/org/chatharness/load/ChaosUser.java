package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chatharness.load.chaos.Backoff;
import org.chatharness.load.chaos.ChaosLedger;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.load.protocol.V1Protocol.Frame;
import org.chatharness.load.targets.Target;

/**
 * A chat.v1 user that survives a node's death, as the page does: it joins, and when its connection
 * is lost it reconnects to the next node with a bounded, jittered back-off, joins with {@code
 * since} = the last id it saw, takes the replay, and re-sends every message not yet acknowledged
 * with the same cid. Every frame it receives goes into the {@link ChaosLedger}.
 *
 * <p>Request names tell expected failures from real ones: {@code connect}, {@code join} and {@code
 * joined} (the first connection) must never fail; {@code reconnect}, {@code rejoin}, {@code
 * rejoined}, {@code close lost}, {@code close failed}, {@code send} and {@code resend} may fail
 * while a node is down (a refused connection, a send on a socket the kill had just closed). What
 * counts is the {@code completeness} of every user at the end.
 */
public final class ChaosUser {
  /** The name of the user's WebSocket in its session. */
  private static final String SOCKET = "chat";

  private static final String NODE = "node";
  private static final String ATTEMPT = "attempt";
  private static final String CONNECTED = "connected";
  private static final String GAVE_UP = "gaveUp";
  private static final String TO_SEND = "toSend";
  private static final String NEXT_SEND = "nextSend";
  private static final String LAST_SEND = "lastSend";
  private static final String FINISHED = "finished";

  private final Target target;
  private final V1Protocol protocol;
  private final ChaosLedger ledger;
  private final String room;
  private final int messageSize;
  private final Duration joinTimeout;
  private final Backoff backoff;
  private final int maxAttempts;
  private final int resendAcked;

  public ChaosUser(
      Target target,
      V1Protocol protocol,
      ChaosLedger ledger,
      String room,
      int messageSize,
      Duration joinTimeout,
      Backoff backoff,
      int maxAttempts,
      int resendAcked) {
    this.target = target;
    this.protocol = protocol;
    this.ledger = ledger;
    this.room = room;
    this.messageSize = messageSize;
    this.joinTimeout = joinTimeout;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.resendAcked = resendAcked;
  }

  /** The first connection and join, on the user's own node. */
  public ChainBuilder connect() {
    return exec(session ->
            toNode(
                session.set(CONNECTED, false).set(GAVE_UP, false),
                target.nodeIndex(session.userId())))
        .exec(ws("connect", SOCKET).connect("#{wsUrl}").subprotocol(V1Protocol.SUBPROTOCOL))
        .doIf(session -> !session.isFailed())
        .then(
            exec(session -> session.set(CONNECTED, true))
                .exec(join("join", "joined", session -> protocol.joinText(session.userId()))))
        .exec(
            session -> {
              ledger.arrived(session.userId());
              return session;
            });
  }

  /**
   * Sends a join and waits for its history; every frame meanwhile is recorded by the check's match
   * condition, since Gatling does not buffer the frames a waiting check does not match.
   */
  private ChainBuilder join(String action, String check, Function<Session, String> text) {
    return exec(drain())
        .exec(
            ws(action, SOCKET)
                .sendText(text)
                .await(joinTimeout)
                .on(
                    ws.checkTextMessage(check)
                        .matching(
                            bodyString()
                                .transformWithSession(
                                    (frame, session) ->
                                        ledger.receive(session.userId(), frame) == Frame.HISTORY)
                                .is(true))));
  }

  /**
   * Lives in the room, one step every {@code tick}: records what arrived, recovers a lost
   * connection, and (a sender) sends its {@code count} messages one every {@code interval}, until
   * every sender is done and the chaos schedule is over.
   */
  public ChainBuilder live(int count, Duration interval, Duration tick, Duration ackWait) {
    long intervalNanos = interval.toNanos();
    return exec(session ->
            session
                .set(TO_SEND, count)
                .set(FINISHED, count == 0)
                .set(NEXT_SEND, System.nanoTime() + (long) (Math.random() * intervalNanos)))
        .asLongAs(session -> !(ledger.allSendersFinished() && ledger.isChaosDone()))
        .on(
            pause(tick)
                .exec(drain())
                .exec(recoverIfLost())
                .doIf(session -> session.getInt(TO_SEND) > 0 && dueToSend(session))
                .then(send(intervalNanos))
                .exec(resendRefused())
                .doIf(session -> !session.getBoolean(FINISHED) && doneSending(session, ackWait))
                .then(
                    exec(
                        session -> {
                          ledger.senderFinished();
                          return session.set(FINISHED, true);
                        })));
  }

  private boolean dueToSend(Session session) {
    return ledger.isJoined(session.userId()) && System.nanoTime() >= session.getLong(NEXT_SEND);
  }

  /** All sent, and each acknowledged or {@code ackWait} passed since the last send. */
  private boolean doneSending(Session session, Duration ackWait) {
    if (session.getInt(TO_SEND) > 0) {
      return false;
    }
    return ledger.unacked(session.userId()).isEmpty()
        || System.nanoTime() - session.getLong(LAST_SEND) > ackWait.toNanos();
  }

  private ChainBuilder send(long intervalNanos) {
    return exec(session -> {
          long seq = ledger.newMessage(session.userId());
          return session
              .set("text", protocol.encode(seq, messageSize))
              .set(TO_SEND, session.getInt(TO_SEND) - 1)
              .set(NEXT_SEND, session.getLong(NEXT_SEND) + intervalNanos)
              .set(LAST_SEND, System.nanoTime());
        })
        .exec(drain())
        .exec(ws("send", SOCKET).sendText("#{text}"));
  }

  /** Sends again, with the same cid, what the server refused (an error naming the cid). */
  private ChainBuilder resendRefused() {
    return doIf(session -> ledger.isJoined(session.userId()))
        .then(resend(session -> ledger.refused(session.userId())));
  }

  private ChainBuilder resend(Function<Session, List<Long>> messages) {
    return exec(session -> session.set("resend", messages.apply(session)))
        .exec(
            session -> {
              ledger.resending(session.userId(), session.getList("resend"));
              return session;
            })
        .foreach(session -> session.getList("resend"), "seq")
        .on(
            exec(drain())
                .exec(
                    ws("resend", SOCKET)
                        .sendText(
                            session -> protocol.encode(session.getLong("seq"), messageSize))));
  }

  /**
   * Moves what arrived since the last look into the ledger. Every send must come right after one:
   * Gatling (3.15) empties the socket's buffer of unmatched frames whenever the user sends.
   */
  public ChainBuilder drain() {
    return doIf(session -> session.getBoolean(CONNECTED))
        .then(
            exec(
                ws.processUnmatchedMessages(
                    SOCKET,
                    (frames, session) -> {
                      ledger.receiveAll(session.userId(), frames);
                      return session;
                    })));
  }

  /**
   * When the connection is gone (it was closed or crashed, or an action on it failed), closes what
   * is left of it and reconnects to the next node, again and again with back-off, until joined or
   * out of attempts; then re-sends whatever was not acknowledged.
   */
  private ChainBuilder recoverIfLost() {
    return doIf(session ->
            !session.getBoolean(GAVE_UP)
                && (session.isFailed()
                    || !session.getBoolean(CONNECTED)
                    || SocketState.closed(session, SOCKET)))
        .then(
            doIf(session -> session.getBoolean(CONNECTED))
                .then(exec(drain()).exec(ws("close lost", SOCKET).close()))
                .exec(
                    session -> {
                      ledger.lost(session.userId());
                      return session.markAsSucceeded().set(ATTEMPT, 0).set(CONNECTED, false);
                    })
                .asLongAs(
                    session ->
                        !ledger.isJoined(session.userId()) && session.getInt(ATTEMPT) < maxAttempts)
                .on(reconnectOnce())
                .exec(session -> session.set(GAVE_UP, !ledger.isJoined(session.userId())))
                .doIf(session -> ledger.isJoined(session.userId()))
                .then(resend(this::afterRejoin)));
  }

  /** What to send again after a rejoin: the unacknowledged, and the last few acknowledged. */
  private List<Long> afterRejoin(Session session) {
    List<Long> again = new ArrayList<>(ledger.lastAcked(session.userId(), resendAcked));
    again.addAll(ledger.unacked(session.userId()));
    return again;
  }

  private ChainBuilder reconnectOnce() {
    return pause(session -> backoff.delay(session.getInt(ATTEMPT)))
        .exec(
            session ->
                toNode(session, (session.getInt(NODE) + 1) % target.nodes().size())
                    .set(ATTEMPT, session.getInt(ATTEMPT) + 1))
        .exec(ws("reconnect", SOCKET).connect("#{wsUrl}").subprotocol(V1Protocol.SUBPROTOCOL))
        .doIfOrElse(Session::isFailed)
        .then(exec(ws("close failed", SOCKET).close()).exec(Session::markAsSucceeded))
        .orElse(
            exec(session -> session.set(CONNECTED, true))
                .exec(
                    join(
                        "rejoin",
                        "rejoined",
                        session ->
                            protocol.joinText(session.userId(), ledger.since(session.userId()))))
                .doIf(session -> session.isFailed() || !ledger.isJoined(session.userId()))
                .then(
                    exec(drain())
                        .exec(ws("close failed", SOCKET).close())
                        .exec(
                            session -> {
                              // The history may have come after the join timed out, in the drain.
                              ledger.lost(session.userId());
                              return session.markAsSucceeded().set(CONNECTED, false);
                            })));
  }

  private Session toNode(Session session, int node) {
    ledger.connecting(session.userId(), node);
    URI base = target.nodes().get(node);
    return session
        .set(NODE, node)
        .set("wsUrl", "ws://" + base.getRawAuthority() + protocol.roomPath(room))
        .set("healthUrl", "http://" + base.getRawAuthority() + "/health");
  }

  /** Waits for late deliveries and records them. */
  public ChainBuilder drainPause(Duration pause) {
    return pause(pause).exec(drain());
  }

  /**
   * Reports the user's completeness as a request named {@code completeness}, so assertions can fail
   * a run that lost or doubled a message. It rides on {@code GET /health} only because Gatling
   * records requests, not bare values.
   */
  public ChainBuilder checkCompleteness() {
    return exec(
        http("completeness")
            .get("#{healthUrl}")
            .check(
                bodyString()
                    .transformWithSession((body, session) -> ledger.verdict(session.userId()))
                    .is(ChaosLedger.COMPLETE)));
  }

  /**
   * Waits (at most {@code max}) until every user's completeness was judged: their online lists are
   * judged too, and a user that left early would be missing from them.
   */
  public ChainBuilder awaitEveryoneJudged(Duration max) {
    return exec(session -> {
          ledger.judged();
          return session;
        })
        .asLongAsDuring(session -> !ledger.everyoneJudged(), max)
        .on(pause(Duration.ofMillis(100)));
  }

  /** Closes the WebSocket. */
  public ChainBuilder close() {
    return doIf(session -> session.getBoolean(CONNECTED)).then(exec(ws("close", SOCKET).close()));
  }
}
