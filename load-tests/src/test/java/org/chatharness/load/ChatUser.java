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
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import java.time.Duration;
import java.util.List;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.protocol.ChatProtocol;
import org.chatharness.load.targets.Target;

/**
 * The steps of a chat user in a broadcast load test, shared by the simulations: connect (and join),
 * wait for everyone, send numbered messages, keep the books of what arrives, leave.
 *
 * <p>Gatling times what it does itself: the handshake ({@code connect}) and a chat.v1 join ({@code
 * join}). Messages are timed by the {@link DeliveryLedger} alone, so that a run has one latency
 * figure: with echo on, a sender waits for its own copy with a silent check (not reported by
 * Gatling) whose match condition notes the time; with echo off, senders do not wait and receivers'
 * frames carry Gatling's receive time. Frames that arrive while no check waits stay in Gatling's
 * buffer, which the user reads into the ledger ({@code processUnmatchedMessages}) periodically and
 * right before every send, in the same chain: Gatling empties that buffer when the user sends.
 */
public final class ChatUser {
  /** How often a waiting user checks whether the others are there. */
  private static final Duration POLL = Duration.ofMillis(50);

  /** Gatling's buffer of unmatched frames: it only has to outgrow one drain's worth. */
  private static final int INBOUND_BUFFER = 1_000_000;

  private final Target target;
  private final ChatProtocol protocol;
  private final DeliveryLedger ledger;
  private final String path;
  private final int messageSize;
  private final Duration timeout;
  private final boolean echo;

  public ChatUser(
      Target target,
      ChatProtocol protocol,
      DeliveryLedger ledger,
      String path,
      int messageSize,
      Duration timeout,
      boolean echo) {
    this.target = target;
    this.protocol = protocol;
    this.ledger = ledger;
    this.path = path;
    this.messageSize = messageSize;
    this.timeout = timeout;
    this.echo = echo;
  }

  /** The HTTP protocol every chat user shares: a large frame buffer, and the source addresses. */
  public static HttpProtocolBuilder httpProtocol(List<String> sourceAddresses) {
    HttpProtocolBuilder protocol = http.wsUnmatchedInboundMessageBufferSize(INBOUND_BUFFER);
    return sourceAddresses.isEmpty() ? protocol : protocol.localAddresses(sourceAddresses);
  }

  /**
   * How many messages each sender sends so that {@code senders} together send {@code rate} a second
   * for about {@code seconds}; at least one.
   */
  public static int sendsPerSender(double seconds, double rate, int senders) {
    return (int) Math.max(1, Math.round(seconds * rate / senders));
  }

  /**
   * A sender's whole part: connect, wait (at most {@code awaitMax}) for everyone, start at a random
   * point of the first interval so that senders spread out, run {@code sending}, then receive until
   * every sender is done, and leave after {@code drain}.
   */
  public ChainBuilder sender(
      Duration awaitMax, Duration firstInterval, ChainBuilder sending, Duration drain) {
    return connect()
        .exec(awaitEveryone(awaitMax))
        .exec(pause(Duration.ZERO, firstInterval))
        .exec(sending)
        .exec(
            session -> {
              ledger.senderFinished();
              return session;
            })
        .exec(receiveUntilSendersFinish(Duration.ofMillis(500)))
        .exec(drainAndLeave(drain));
  }

  /** A receiver's whole part: connect, wait for everyone, receive until the senders are done. */
  public ChainBuilder receiver(Duration awaitMax, Duration drain) {
    return connect()
        .exec(awaitEveryone(awaitMax))
        .exec(receiveUntilSendersFinish(Duration.ofSeconds(1)))
        .exec(drainAndLeave(drain));
  }

  /** Connects to the room on the user's node, joins it, and tells the ledger whether it worked. */
  private ChainBuilder connect() {
    WsConnectActionBuilder connect = ws("connect").connect("#{wsUrl}");
    if (protocol.subprotocol() != null) {
      connect = connect.subprotocol(protocol.subprotocol());
    }
    return exec(session -> session.set("wsUrl", target.webSocketUrl(session.userId(), path)))
        .exec(connect)
        .exec(join())
        .exec(
            session -> {
              ledger.joined(session.userId(), !session.isFailed());
              return session;
            });
  }

  /**
   * Sends the protocol's join, if it has one, and waits for the answer: only then does the server
   * count the user as a member of the room. Nothing of interest arrives before the answer.
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
                    .await(timeout)
                    .on(
                        ws.checkTextMessage("welcome")
                            .matching(bodyString().transform(protocol::isJoined).is(true)))));
  }

  /** Waits, at most {@code max}, until every user has tried to connect. */
  private ChainBuilder awaitEveryone(Duration max) {
    return asLongAsDuring(session -> !ledger.everyoneArrived(), max).on(pause(POLL));
  }

  /**
   * Sends {@code count} messages of {@code step}, one every {@code interval}. The pace is kept
   * across steps: a step's first message follows the last of the step before by one interval.
   */
  public ChainBuilder sendPaced(int step, int count, Duration interval) {
    return repeat(count).on(pace(interval, "sendPace").exec(send(step)));
  }

  /** Sends one numbered message of {@code step}; with echo on, waits for its own copy. */
  private ChainBuilder send(int step) {
    ChainBuilder numbered =
        drain()
            .exec(
                session -> {
                  long seq = ledger.newMessage(step, session.userId());
                  return session.set("seq", seq).set("text", protocol.encode(seq, messageSize));
                });
    if (!echo) {
      return numbered.exec(ws("send").sendText("#{text}"));
    }
    return numbered.exec(
        ws("send")
            .sendText("#{text}")
            .await(timeout)
            .on(
                ws.checkTextMessage("own copy")
                    .silent()
                    .matching(
                        bodyString()
                            .transformWithSession(
                                (text, session) ->
                                    ledger.received(session.userId(), text, session.getLong("seq")))
                            .is(true))));
  }

  /** Moves what arrived since the last look into the ledger. */
  private ChainBuilder drain() {
    return exec(
        ws.processUnmatchedMessages(
            (messages, session) -> {
              ledger.receivedAll(session.userId(), messages);
              return session;
            }));
  }

  /** Drains every {@code interval} until every sender has finished. */
  private ChainBuilder receiveUntilSendersFinish(Duration interval) {
    return asLongAs(session -> !ledger.allSendersFinished()).on(pause(interval).exec(drain()));
  }

  /** Waits {@code drainPause} for late deliveries, records them, stops counting and closes. */
  private ChainBuilder drainAndLeave(Duration drainPause) {
    return pause(drainPause)
        .exec(drain())
        .exec(
            session -> {
              ledger.left(session.userId());
              return session;
            })
        .exec(ws("close").close());
  }
}
