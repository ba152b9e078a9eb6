package org.chatharness.load.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chatharness.load.protocol.PlainProtocol;
import org.junit.jupiter.api.Test;

/** The completeness books: a miss or a double must never pass as complete. */
class DeliveryLedgerTest {
  private final PlainProtocol protocol = new PlainProtocol();
  private final DeliveryLedger ledger = new DeliveryLedger(protocol, 2, 1, 1);

  @Test
  void aUserWhoGotEveryMessageOnceIsComplete() {
    ledger.arrived(1, true);
    long a = ledger.newMessage(0, 1);
    long b = ledger.newMessage(0, 1);
    assertThat(ledger.delivered(1, protocol.encode(a, 50), a)).as("own copy").isTrue();
    ledger.delivered(1, protocol.encode(b, 50), -1);
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(ledger.latencies(0).count()).as("one own copy timed").isEqualTo(1);
  }

  @Test
  void latenciesCanBeTakenPerWindowOfSendTimes() throws InterruptedException {
    ledger.arrived(1, true);
    long first = ledger.newMessage(0, 1);
    ledger.delivered(1, protocol.encode(first, 10), first);
    Thread.sleep(1); // System.nanoTime must move on between the two windows
    long boundary = System.nanoTime();
    long second = ledger.newMessage(0, 1);
    ledger.delivered(1, protocol.encode(second, 10), second);
    ledger.newMessage(0, 1); // never echoed: not a latency

    assertThat(ledger.latenciesSentBetween(Long.MIN_VALUE, boundary).count()).isEqualTo(1);
    assertThat(ledger.latenciesSentBetween(boundary, Long.MAX_VALUE).count()).isEqualTo(1);
  }

  @Test
  void aMissingMessageIsNamed() {
    ledger.arrived(1, true);
    long a = ledger.newMessage(0, 1);
    long b = ledger.newMessage(0, 1);
    ledger.delivered(1, protocol.encode(a, 50), -1);
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo("missing 1 of 2 (first #" + b + "), doubled 0");
    assertThat(ledger.tally(0).missingCopies()).isEqualTo(1);
  }

  @Test
  void aMessageReceivedTwiceIsADouble() {
    ledger.arrived(1, true);
    long a = ledger.newMessage(0, 1);
    ledger.deliveredAll(
        1,
        List.of(
            new io.gatling.http.action.ws.WsInboundMessage.Text(0, protocol.encode(a, 10)),
            new io.gatling.http.action.ws.WsInboundMessage.Text(0, protocol.encode(a, 10))));
    ledger.left(1);

    assertThat(ledger.verdict(1)).isEqualTo("missing 0 of 1, doubled 1");
    assertThat(ledger.tally(0).doubledCopies()).isEqualTo(1);
  }

  @Test
  void messagesSentAfterAUserLeftAreNotExpectedOfIt() throws InterruptedException {
    ledger.arrived(1, true);
    long a = ledger.newMessage(0, 1);
    ledger.delivered(1, protocol.encode(a, 10), -1);
    ledger.left(1);
    Thread.sleep(1); // System.nanoTime must move on between leaving and the next send
    ledger.newMessage(0, 1);

    assertThat(ledger.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
  }

  @Test
  void usersOfNodesThatDoNotShareRoomsExpectOnlyTheirNodesMessages() {
    DeliveryLedger twoNodes = new DeliveryLedger(protocol, 2, 2, 1, userId -> (int) (userId % 2));
    twoNodes.arrived(1, true);
    twoNodes.arrived(2, true);
    long fromOne = twoNodes.newMessage(0, 1);
    long fromTwo = twoNodes.newMessage(0, 2);
    twoNodes.delivered(1, protocol.encode(fromOne, 10), fromOne);
    twoNodes.delivered(2, protocol.encode(fromTwo, 10), fromTwo);
    twoNodes.left(1);
    twoNodes.left(2);

    assertThat(twoNodes.verdict(1)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(twoNodes.verdict(2)).isEqualTo(DeliveryLedger.COMPLETE);
    assertThat(twoNodes.tally(0).missingCopies()).isZero();
  }

  @Test
  void theSendPhaseWaitsForEveryUserAndEverySender() {
    ledger.arrived(1, true);
    assertThat(ledger.everyoneArrived()).isFalse();
    ledger.arrived(2, false);
    assertThat(ledger.everyoneArrived()).isTrue();
    assertThat(ledger.connectedUsers()).isEqualTo(1);
    assertThat(ledger.verdict(2)).isEqualTo("never connected");

    assertThat(ledger.allSendersFinished()).isFalse();
    ledger.senderFinished();
    assertThat(ledger.allSendersFinished()).isTrue();
  }
}
