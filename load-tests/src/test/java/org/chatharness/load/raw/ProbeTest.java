package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A probe matches every message by its stamp: once, in its sender's order, timed once. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProbeTest {
  private static final long EPOCH = 1_000_000;
  private final Probe probe = new Probe(2, EPOCH);

  @Test
  void aStampSurvivesTheTripAndFillsTheMessageToItsSize() {
    byte[] payload = new byte[100];
    new Stamp(1234, 7, 981_234_567).writeTo(payload, 100);

    assertThat(new String(payload, StandardCharsets.US_ASCII))
        .hasSize(100)
        .startsWith("#1234 7 981234567 ...")
        .endsWith("....");
    assertThat(Stamp.parse(payload, 100)).isEqualTo(new Stamp(1234, 7, 981_234_567));
  }

  @Test
  void textWithoutAStampIsNotAStamp() {
    assertThat(Stamp.parse(ascii("hello world"), 11)).isNull();
    assertThat(Stamp.parse(ascii("#12 3"), 5)).as("cut short").isNull();
    assertThat(Stamp.parse(ascii("#12 x 5 ....."), 13)).as("not a number").isNull();
  }

  @Test
  void eachMessageIsTimedFromItsSendToItsArrival() {
    receive(0, 0, 5_000, 7_000);
    receive(1, 1, 6_000, 10_000);

    assertThat(probe.latencies().count()).isEqualTo(2);
    assertThat(probe.latencies().percentile(0.5)).as("7,000 - 5,000").isEqualTo(2_000);
    assertThat(probe.latencies().max()).as("10,000 - 6,000").isEqualTo(4_000);
    assertThat(probe.missing(2)).isZero();
  }

  @Test
  void aSecondCopyIsADuplicateAndIsNotTimedAgain() {
    receive(0, 0, 0, 1_000);
    receive(0, 0, 0, 9_000);

    assertThat(probe.duplicates()).isEqualTo(1);
    assertThat(probe.latencies().count()).as("only the first copy").isEqualTo(1);
    assertThat(probe.messages()).isEqualTo(2);
  }

  @Test
  void aMessageBeforeALaterOneOfTheSameSenderIsOutOfOrder() {
    receive(2, 0, 0, 1_000);
    receive(1, 1, 0, 1_000); // another sender: no order between senders
    receive(0, 0, 0, 1_000);

    assertThat(probe.outOfOrder()).isEqualTo(1);
  }

  @Test
  void aNumberNeverReceivedIsMissing() {
    receive(0, 0, 0, 1_000);
    receive(2, 0, 0, 1_000);

    assertThat(probe.missing(4)).as("numbers 1 and 3 of 0..3").isEqualTo(2);
  }

  @Test
  void anotherClientsTextOrAnUnknownSenderIsForeign() {
    byte[] other = ascii("hello");
    probe.onText(other, other.length, 0);
    byte[] unknown = new byte[60];
    new Stamp(0, 5, 0).writeTo(unknown, 60);
    probe.onText(unknown, 60, 0);

    assertThat(probe.foreign()).isEqualTo(2);
    assertThat(probe.messages()).isZero();
  }

  private void receive(long seq, int sender, long sentAfterEpoch, long receivedAfterEpoch) {
    byte[] payload = new byte[60];
    new Stamp(seq, sender, sentAfterEpoch).writeTo(payload, 60);
    probe.onText(payload, 60, EPOCH + receivedAfterEpoch);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
