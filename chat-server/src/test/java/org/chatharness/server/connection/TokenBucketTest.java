package org.chatharness.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A burst at once, then the rate: on a clock the test moves, not the machine's. */
@Timeout(5)
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketGivesItsBurstAtOnceThenNothing() {
    TokenBucket bucket = new TokenBucket(10, 3, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
  }

  @Test
  void tokensComeBackAtTheRateAndNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, 0);
    for (int i = 0; i < 3; i++) {
      bucket.tryTake(0);
    }
    assertThat(bucket.tryTake(SECOND / 20)).as("half a token later").isFalse();
    assertThat(bucket.tryTake(SECOND / 10)).as("one token later").isTrue();
    long muchLater = 100 * SECOND;
    int taken = 0;
    while (bucket.tryTake(muchLater)) {
      taken++;
    }
    assertThat(taken).as("saved up: the burst, no more").isEqualTo(3);
  }
}
