package org.chatharness.load.chaos;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a user waits before reconnect attempt {@code n} (0-based): {@code first} doubled per
 * attempt up to {@code max}, of which a random share between half and all is taken, so that the
 * users of a killed node do not all knock on the next one at the same instant.
 */
public record Backoff(Duration first, Duration max) {

  /** The pause before attempt {@code attempt}. */
  public Duration delay(int attempt) {
    long ceiling = first.toMillis() << Math.min(attempt, 20);
    long bound = Math.min(max.toMillis(), ceiling);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
  }
}
