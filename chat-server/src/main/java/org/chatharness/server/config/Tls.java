package org.chatharness.server.config;

import java.nio.file.Path;

/**
 * https and wss on the server's port, from a PKCS12 keystore holding its key and certificate.
 *
 * @param keystore the keystore, or {@code null} for plain http and ws
 * @param password the keystore's password; never shown by {@link #toString}
 */
public record Tls(Path keystore, String password) {
  /** The default: no TLS. */
  public static final Tls NONE = new Tls(null, null);

  public Tls {
    Require.that(
        keystore == null || password != null, "a TLS keystore needs its password (--tls-password)");
  }

  /** Whether the server serves https and wss instead of http and ws. */
  public boolean enabled() {
    return keystore != null;
  }

  @Override
  public String toString() {
    return "Tls[keystore=" + keystore + "]";
  }
}
