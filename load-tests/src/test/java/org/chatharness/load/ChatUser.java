package org.chatharness.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import java.time.Duration;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.targets.Target;

/**
 * The steps a chat user takes in a load test, shared by the simulations: connect to its node, wait
 * for everyone, send and time its own copy, keep the books of what it received, and count.
 *
 * <p>Gatling keeps messages that arrive while no check waits in a buffer, which a send empties; so
 * the buffer is read into the ledger right before every send and at every drain, and messages that
 * arrive while a sender waits for its own copy are recorded by the match condition itself.
 */
public final class ChatUser {
  /** How often a waiting user checks whether the others are there. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final Target target;
  private final ChatProtocol protocol;
  private final DeliveryLedger ledger;
  private final String room;
  private final int messageSize;
  private final Duration echoTimeout;

  public ChatUser(
      Target target,
      ChatProtocol protocol,
      DeliveryLedger ledger,
      String room,
      int messageSize,
      Duration echoTimeout) {
    this.target = target;
    this.protocol = protocol;
    this.ledger = ledger;
    this.room = room;
    this.messageSize = messageSize;
    this.echoTimeout = echoTimeout;
  }

  /**
   * The whole part of a sender in a steady broadcast: connect, wait (at most {@code awaitMax}) for
   * everyone, send {@code count} messages one every {@code interval} (starting at a random point of
   * the first interval, so senders spread out), receive until every sender is done, then after
   * {@code drainPause} report completeness and close.
   */
  public ChainBuilder broadcastSender(
      Duration awaitMax, int count, Duration interval, Duration drainPause) {
    return connect()
        .exec(awaitEveryone(awaitMax))
        .exec(pause(Duration.ZERO, interval))
        .exec(sendPaced(0, count, interval))
        .exec(finishSending())
        .exec(receiveUntilSendersFinish(Duration.ofMillis(500)))
        .exec(drainAndLeave(drainPause))
        .exec(checkCompleteness())
        .exec(close());
  }

  /** The part of a user who only receives in a steady broadcast, as {@link #broadcastSender}. */
  public ChainBuilder broadcastReceiver(Duration awaitMax, Duration drainPause) {
    return connect()
        .exec(awaitEveryone(awaitMax))
        .exec(receiveUntilSendersFinish(Duration.ofSeconds(1)))
        .exec(drainAndLeave(drainPause))
        .exec(checkCompleteness())
        .exec(close());
  }

  /** Connects to the room on the user's node and tells the ledger whether it worked. */
  public ChainBuilder connect() {
    WsConnectActionBuilder connect = ws("connect").connect("#{wsUrl}");
    if (protocol.subprotocol() != null) {
      connect = connect.subprotocol(protocol.subprotocol());
    }
    return exec(session ->
            session
                .set("wsUrl", target.webSocketUrl(session.userId(), protocol.roomPath(room)))
                .set("healthUrl", target.httpUrl(session.userId(), "/health")))
        .exec(connect)
        .exec(join())
        .exec(
            session -> {
              ledger.arrived(session.userId(), !session.isFailed());
              return session;
            });
  }

  /**
   * Sends the protocol's join, if it has one, and waits for the answer: only then does the server
   * count the user as a member of the room. Nothing of interest arrives before the answer, so the
   * check may skip what is not it.
   */
  private ChainBuilder join() {
    if (protocol.joinText(0) == null) {
      return exec(session -> session);
    }
    return doIf(session -> !session.isFailed())
        .then(
            exec(
                ws("join")
                    .sendText(session -> protocol.joinText(session.userId()))
                    .await(echoTimeout)
                    .on(
                        ws.checkTextMessage("welcome")
                            .matching(bodyString().transform(protocol::isJoined).is(true)))));
  }

  /** Waits, at most {@code max}, until every user has tried to connect. */
  public ChainBuilder awaitEveryone(Duration max) {
    return asLongAsDuring(session -> !ledger.everyoneArrived(), max).on(pause(POLL));
  }

  /**
   * How many messages each sender sends so that {@code senders} together send {@code rate} a second
   * for about {@code seconds}; at least one.
   */
  public static int sendsPerSender(double seconds, double rate, int senders) {
    return (int) Math.max(1, Math.round(seconds * rate / senders));
  }

  /**
   * Sends {@code count} messages of {@code step}, one every {@code interval}. The pace is kept
   * across steps, so a step's first message follows the last of the step before by one interval
   * instead of at once, and a step sends exactly {@code count} messages per sender.
   */
  public ChainBuilder sendPaced(int step, int count, Duration interval) {
    return repeat(count).on(pace(interval, "sendPace").exec(send(step)));
  }

  /** Sends one numbered message of {@code step} and waits for its own copy: the latency. */
  public ChainBuilder send(int step) {
    return drain()
        .exec(
            session -> {
              long seq = ledger.newMessage(step, session.userId());
              return session.set("seq", seq).set("text", protocol.encode(seq, messageSize));
            })
        .exec(
            ws("send")
                .sendText("#{text}")
                .await(echoTimeout)
                .on(
                    ws.checkTextMessage("echo")
                        .matching(
                            bodyString()
                                .transformWithSession(
                                    (text, session) ->
                                        ledger.delivered(
                                            session.userId(), text, session.getLong("seq")))
                                .is(true))));
  }

  /** Moves what arrived since the last look into the ledger. */
  public ChainBuilder drain() {
    return exec(
        ws.processUnmatchedMessages(
            (messages, session) -> {
              ledger.deliveredAll(session.userId(), messages);
              return session;
            }));
  }

  /** Drains every {@code interval} until every sender has finished. */
  public ChainBuilder receiveUntilSendersFinish(Duration interval) {
    return asLongAs(session -> !ledger.allSendersFinished()).on(pause(interval).exec(drain()));
  }

  /** Tells the ledger this sender is done. */
  public ChainBuilder finishSending() {
    return exec(
        session -> {
          ledger.senderFinished();
          return session;
        });
  }

  /** Waits for late deliveries, records them, and stops counting for this user. */
  public ChainBuilder drainAndLeave(Duration drainPause) {
    return pause(drainPause)
        .exec(drain())
        .exec(
            session -> {
              ledger.left(session.userId());
              return session;
            });
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
                    .is(DeliveryLedger.COMPLETE)));
  }

  /** Closes the WebSocket. */
  public ChainBuilder close() {
    return exec(ws("close").close());
  }
}
