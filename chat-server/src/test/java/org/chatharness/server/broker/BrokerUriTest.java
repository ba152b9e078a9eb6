package org.chatharness.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What may be shown of a broker URI: everything but its password. */
@Timeout(5)
class BrokerUriTest {

  @Test
  void aPasswordIsHiddenInEveryFormRedisClientsRead() {
    assertThat(BrokerUri.redacted("redis://:secret@host:6379")).isEqualTo("redis://:***@host:6379");
    assertThat(BrokerUri.redacted("rediss://user:secret@host:6379/0"))
        .isEqualTo("rediss://user:***@host:6379/0");
    assertThat(BrokerUri.redacted("redis://secret@host"))
        .as("user-info without a colon is a password alone")
        .isEqualTo("redis://***@host");
    assertThat(BrokerUri.redacted("redis://:p@ss@host")).isEqualTo("redis://:***@host");
  }

  @Test
  void aUriWithoutAPasswordIsShownAsItIs() {
    assertThat(BrokerUri.redacted("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    assertThat(BrokerUri.redacted("local")).isEqualTo("local");
  }
}
