package org.chatharness.server.broker;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script from the classpath, run by its digest (EVALSHA) and sent whole (EVAL) only when
 * Redis does not know it yet, as after a restart.
 */
final class RedisScript {
  private final String source;
  private final String sha;

  RedisScript(String resource, RedisAsyncCommands<String, String> commands) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + resource);
      }
      this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.sha = commands.digest(source);
  }

  /** Runs the script; completes with its result. */
  <T> CompletableFuture<T> run(
      RedisAsyncCommands<String, String> commands,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    CompletableFuture<T> bySha = commands.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(
        failure -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof RedisNoScriptException) {
            return commands.<T>eval(source, type, keys, args).toCompletableFuture();
          }
          return CompletableFuture.failedFuture(cause);
        });
  }
}
