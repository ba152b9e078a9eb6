package org.chatharness.e2e.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which servers a scenario class runs against; on the others it is skipped, and the report says why
 * ({@link #whyNot()}). Every scenario class says it.
 *
 * <pre>{@code
 * @RunsOn(value = Mode.CONTAINER, whyNot = "restarts the server")
 * class ServerRestartTest { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RunsOnCondition.class)
public @interface RunsOn {
  /** Why a scenario of this project's chat.v1 page skips a plain server at a URL. */
  String CHAT_V1_PAGE =
      "a scenario of this project's chat.v1 page: run it against a URL with -Dchat.profile=v1";

  /** The servers this scenario runs against. */
  Mode[] value();

  /** Why it cannot run against the others, e.g. "restarts the server". */
  String whyNot();

  /** The server a run is against, from the system properties chat.url and chat.profile. */
  enum Mode {
    /** This project's server in a container the tests start (the default: no chat.url). */
    CONTAINER,
    /** A server at -Dchat.url the tests do not control, speaking the tutorial's plain protocol. */
    PLAIN_URL,
    /** A server at -Dchat.url with -Dchat.profile=v1: it serves this project's chat.v1 page. */
    V1_URL
  }
}
