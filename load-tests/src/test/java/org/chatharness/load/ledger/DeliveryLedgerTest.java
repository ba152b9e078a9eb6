package org.chatharness.load.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.http.action.ws.WsInboundMessage;
import java.util.List;
import org.chatharness.load.protocol.PlainProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The completeness books: a miss or a double must never pass as complete. */
@Timeout(10)
class DeliveryLedgerTest {
  private final PlainProtocol protocol = new PlainProtocol();
  private final DeliveryLedger ledger = new DeliveryLedger(protocol, true, 2, 1, 1, user -> 0);

  private static WsInboundMessage.Text frame(long receivedMillis, String text) {
    return new WsInboundMessage.Text(receivedMillis, text);
  }

  @Test
  void aUserWhoGotEveryMessageOnceIsComplete() {
    ledger.joined(1, true);
    long a = ledger.newMessage(0, 1);
    long b = ledger.newMessage(0, 1);
    assertThat(ledger.received(1, protocol.encode(a, 50), a)).as("own copy").isTrue();
    ledger.receivedAll(1, List.of(frame(0, protocol.encode(b, 50))));
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(ledger.latencies(0).count()).as("one own copy timed").isEqualTo(1);
    assertThat(ledger.tally(0).ownCopiesLate()).as("b's own copy never matched").isEqualTo(1);
  }

  @Test
  void aWindowHoldsTheLatenciesSinceTheLastOne() {
    ledger.joined(1, true);
    long first = ledger.newMessage(0, 1);
    ledger.received(1, protocol.encode(first, 10), first);
    assertThat(ledger.takeWindow().count()).isEqualTo(1);

    long second = ledger.newMessage(0, 1);
    ledger.received(1, protocol.encode(second, 10), second);
    assertThat(ledger.takeWindow().count()).isEqualTo(1);
    assertThat(ledger.latencies(0).count()).as("the step keeps both").isEqualTo(2);
  }

  @Test
  void aMissingMessageIsNamed() {
    ledger.joined(1, true);
    long a = ledger.newMessage(0, 1);
    long b = ledger.newMessage(0, 1);
    ledger.receivedAll(1, List.of(frame(0, protocol.encode(a, 50))));
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo("missing 1 of 2 (first #" + b + "), doubled 0");
    assertThat(ledger.tally(0).missingCopies()).isEqualTo(1);
  }

  @Test
  void aMessageReceivedTwiceIsADouble() {
    ledger.joined(1, true);
    long a = ledger.newMessage(0, 1);
    ledger.receivedAll(
        1, List.of(frame(0, protocol.encode(a, 10)), frame(0, protocol.encode(a, 10))));
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo("missing 0 of 1, doubled 1");
    assertThat(ledger.tally(0).doubledCopies()).isEqualTo(1);
  }

  @Test
  void messagesSentAfterAUserLeftAreNotExpectedOfIt() throws InterruptedException {
    ledger.joined(1, true);
    long a = ledger.newMessage(0, 1);
    ledger.receivedAll(1, List.of(frame(0, protocol.encode(a, 10))));
    ledger.left(1);
    Thread.sleep(1); // System.nanoTime must move on between leaving and the next send
    ledger.newMessage(0, 1);

    assertThat(ledger.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
  }

  @Test
  void withoutEchoASenderExpectsOnlyOthersMessagesAndLatencyIsTakenAtTheReceiver() {
    DeliveryLedger noEcho = new DeliveryLedger(protocol, false, 2, 1, 1, user -> 0);
    noEcho.joined(1, true);
    noEcho.joined(2, true);
    long fromOne = noEcho.newMessage(0, 1);
    long sentAround = System.currentTimeMillis();
    noEcho.receivedAll(2, List.of(frame(sentAround + 7, protocol.encode(fromOne, 10))));
    noEcho.left(1);
    noEcho.left(2);

    assertThat(noEcho.verdict(1)).as("its own message is not expected").isEqualTo("complete");
    assertThat(noEcho.verdict(2)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(noEcho.latencies(0).count()).as("one delivery timed").isEqualTo(1);
    assertThat(noEcho.latencies(0).percentileMillis(50)).isBetween(6.0, 8.1);
    assertThat(noEcho.tally(0).ownCopiesLate()).as("no own copy is awaited").isZero();
  }

  @Test
  void usersOfNodesThatDoNotShareRoomsExpectOnlyTheirNodesMessages() {
    DeliveryLedger twoNodes =
        new DeliveryLedger(protocol, true, 2, 2, 1, userId -> (int) (userId % 2));
    twoNodes.joined(1, true);
    twoNodes.joined(2, true);
    long fromOne = twoNodes.newMessage(0, 1);
    long fromTwo = twoNodes.newMessage(0, 2);
    twoNodes.received(1, protocol.encode(fromOne, 10), fromOne);
    twoNodes.received(2, protocol.encode(fromTwo, 10), fromTwo);
    twoNodes.left(1);
    twoNodes.left(2);

    assertThat(twoNodes.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(twoNodes.verdict(2)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(twoNodes.tally(0).missingCopies()).isZero();
  }

  @Test
  void theSendPhaseWaitsForEveryUserAndEverySender() {
    ledger.joined(1, true);
    assertThat(ledger.everyoneArrived()).isFalse();
    ledger.joined(2, false);
    assertThat(ledger.everyoneArrived()).isTrue();
    assertThat(ledger.connectedUsers()).isEqualTo(1);
    assertThat(ledger.verdict(2)).isEqualTo("never connected");

    assertThat(ledger.allSendersFinished()).isFalse();
    ledger.senderFinished();
    assertThat(ledger.allSendersFinished()).isTrue();
  }
}
