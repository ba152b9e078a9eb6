package org.chatharness.server.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A chat.v1 key as the server keeps it: a SHA-256 digest, so that neither memory dumps nor Redis
 * hold the secret that lets a connection join under a name; 128 bits of it tell owners apart.
 */
public final class KeyDigest {
  private static final int BYTES = 16;

  private KeyDigest() {}

  /** The digest of {@code key}, as 32 hex characters; {@code null} for no key. */
  public static String of(String key) {
    if (key == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, BYTES);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }
}
