package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Bursts;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.PlainClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tutorial's broadcast: every text message goes to every client, once, in the order the server
 * took it; the sender included unless the server declares it skips the sender ({@code chat.echo}).
 * Senders stay within a declared rate limit ({@code chat.rateLimit}): a burst is spread over as
 * many connections as the limit needs.
 */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(120)
class BroadcastChecks {
  private static final int INTERLEAVED_SENDERS = 5;
  private static final int INTERLEAVED_MESSAGES_EACH = 100;
  private static final int BURST = 1000;

  @Test
  @DisplayName("every text reaches every client once, in the order sent, the sender included")
  void everyTextReachesEveryClientOnceInTheOrderSent(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(4);
    PlainClient sender = members.get(0);
    int count = Math.min(10, clients.target().sendBudget());
    List<String> sent =
        IntStream.rangeClosed(1, count).mapToObj(i -> room.text("message " + i)).toList();

    for (String text : sent) {
      sender.send(text);
    }

    List<PlainClient> receivers =
        clients.target().echo() ? members : members.subList(1, members.size());
    for (int i = 0; i < receivers.size(); i++) {
      assertThat(room.receiveAllFrom(receivers.get(i), sent))
          .as("texts received by %s, in order", receivers.get(i) == sender ? "the sender" : i)
          .containsExactlyElementsOf(sent);
    }
    String end = room.mark("end");
    for (PlainClient receiver : receivers) {
      assertThat(room.receiveUntil(receiver, end))
          .as("what a client received after the texts: no copy of any")
          .containsExactly(end);
    }
  }

  @Test
  @DisplayName(
      "5 senders at once: each one's texts arrive complete and in its order at every client, and"
          + " every client sees the same order")
  void fiveInterleavedSendersArriveCompleteAndInOrderAtEveryClient(Clients clients)
      throws Exception {
    Target target = clients.target();
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(INTERLEAVED_SENDERS + 1);
    List<PlainClient> senders = members.subList(0, INTERLEAVED_SENDERS);
    PlainClient listener = members.get(INTERLEAVED_SENDERS);
    int each = Math.min(INTERLEAVED_MESSAGES_EACH, target.sendBudget());
    List<List<String>> sent = new ArrayList<>();
    for (int s = 1; s <= INTERLEAVED_SENDERS; s++) {
      int sender = s;
      sent.add(
          IntStream.rangeClosed(1, each)
              .mapToObj(n -> room.text("sender " + sender + " message " + n))
              .toList());
    }

    Bursts.sendAtOnce(senders, sent);

    List<String> reference = room.receiveAll(listener, sent);
    for (int s = 0; s < senders.size(); s++) {
      List<List<String>> forIt = new ArrayList<>(sent);
      if (!target.echo()) {
        forIt.set(s, List.of());
      }
      List<String> received = room.receiveAll(senders.get(s), forIt);
      Bursts.assertSameOrder("sender " + (s + 1), received, reference, sent.get(s), target.echo());
    }
    String end = room.mark("end");
    for (PlainClient member : members) {
      assertThat(room.receiveUntil(member, end))
          .as("what a client received after all texts: no copy of any")
          .containsExactly(end);
    }
  }

  @Test
  @DisplayName(
      "a burst of 1,000 texts arrives complete, each sender's in order, the same order at every"
          + " client")
  void aThousandMessageBurstArrivesCompleteAndInOrder(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> receivers = room.joinReady(3);
    List<String> burst =
        IntStream.rangeClosed(1, BURST).mapToObj(n -> room.text("burst " + n)).toList();
    List<List<String>> runs = Bursts.split(burst, clients.target().sendBudget());
    List<PlainClient> senders = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      senders.add(room.sender());
    }

    Bursts.sendAtOnce(senders, runs);

    List<String> reference = null;
    for (int i = 0; i < receivers.size(); i++) {
      List<String> received = room.receiveAll(receivers.get(i), runs);
      if (reference == null) {
        reference = received;
      } else {
        Bursts.assertSameOrder("client " + i, received, reference, List.of(), true);
      }
    }
    String end = room.mark("end");
    for (PlainClient receiver : receivers) {
      assertThat(room.receiveUntil(receiver, end))
          .as("what a client received after the burst: no copy of any")
          .containsExactly(end);
    }
  }
}
