package org.chatharness.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stream ids "ms-seq" map to protocol ids ms * 1000 + seq, keeping order. */
@Timeout(5)
class StreamIdsTest {

  @Test
  void aStreamIdBecomesMillisecondsTimes1000PlusTheSequence() {
    assertThat(StreamIds.toId("1732550000123-0")).isEqualTo(1_732_550_000_123_000L);
    assertThat(StreamIds.toId("1732550000123-7")).isEqualTo(1_732_550_000_123_007L);
  }

  @Test
  void idsKeepTheOrderOfTheStreamAndStayExactInJavascript() {
    assertThat(StreamIds.toId("1732550000123-999")).isLessThan(StreamIds.toId("1732550000124-0"));
    assertThat(StreamIds.toId("4102444800000-999")).as("year 2100").isLessThan(1L << 53);
  }
}
