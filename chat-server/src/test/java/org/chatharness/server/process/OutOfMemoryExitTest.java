package org.chatharness.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without {@code -XX:+ExitOnOutOfMemoryError}, an out-of-memory error on a server thread still ends
 * the process, with the JVM's exit code. Each case runs in a JVM of its own.
 */
@Timeout(60)
class OutOfMemoryExitTest {

  @Test
  void anOutOfMemoryErrorInAJettyJobEndsTheProcess() throws Exception {
    Victim.Outcome outcome = runVictim("pool");
    assertThat(outcome.code()).as(outcome.output()).isEqualTo(OutOfMemoryExit.EXIT_CODE);
    assertThat(outcome.output()).contains("out of memory, exiting");
  }

  @Test
  void anOutOfMemoryErrorThatKillsAnyThreadEndsTheProcess() throws Exception {
    Victim.Outcome outcome = runVictim("thread");
    assertThat(outcome.code()).as(outcome.output()).isEqualTo(OutOfMemoryExit.EXIT_CODE);
  }

  @Test
  void anotherFailureInAJettyJobDoesNot() throws Exception {
    Victim.Outcome outcome = runVictim("other");
    assertThat(outcome.code()).as(outcome.output()).isZero();
  }

  private static Victim.Outcome runVictim(String how) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Victim.class.getName(),
                how)
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the victim process did not end");
    }
    return new Victim.Outcome(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** A process that meets an out-of-memory error (thrown, not provoked) where the guard watches. */
  public static final class Victim {
    record Outcome(int code, String output) {}

    public static void main(String[] args) throws Exception {
      OutOfMemoryExit.onEveryThread();
      Throwable failure =
          args[0].equals("other")
              ? new IllegalStateException("an ordinary failure")
              : new OutOfMemoryError("Java heap space (thrown by the test)");
      CountDownLatch started = new CountDownLatch(1);
      Runnable failing =
          () -> {
            started.countDown();
            throwUnchecked(failure);
          };
      if (args[0].equals("thread")) {
        // join() returns after the uncaught-exception handler has run.
        Thread thread = new Thread(failing, "victim");
        thread.start();
        thread.join();
      } else {
        GuardedThreadPool pool = new GuardedThreadPool();
        pool.start();
        pool.execute(failing);
        // stop() waits for the pool's threads, so the failure has been handled when it returns.
        started.await(10, TimeUnit.SECONDS);
        pool.stop();
      }
      System.exit(0);
    }

    private static void throwUnchecked(Throwable failure) {
      if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw (Error) failure;
    }
  }
}
