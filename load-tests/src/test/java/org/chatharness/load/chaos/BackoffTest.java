package org.chatharness.load.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));

  @RepeatedTest(20)
  void eachDelayIsBetweenHalfAndAllOfItsDoubledCeilingAndNeverPastTheMaximum() {
    assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
    assertThat(backoff.delay(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(backoff.delay(30)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
  }
}
