package org.chatharness.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one table of parameters: complete in the README, and a bad value names its parameter. */
@Timeout(10)
class ParametersTest {

  @Test
  void theReadmeTableIsTheTableOfEveryParameter() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String table = Parameters.markdownTable();

    assertThat(readme)
        .as("load-tests/README.md must hold this table, generated from Parameters:%n%s", table)
        .contains(table);
  }

  @Test
  void everyParameterHasAMeaningAndADefault() {
    assertThat(Parameters.EVERY)
        .allSatisfy(p -> assertThat(p.meaning()).as(p.name()).isNotBlank())
        .allSatisfy(p -> assertThat(p.defaultText()).as(p.name()).isNotBlank());
    assertThat(Parameters.EVERY.stream().map(Parameter::name)).doesNotHaveDuplicates();
  }

  @Test
  void aValueThatDoesNotParseNamesTheParameterAndWhatItMeans() {
    String message = withProperty("users", "many", () -> catchMessage(Parameters.USERS::get));

    assertThat(message).startsWith("-Dusers=many is not valid").contains("connected users");
  }

  @Test
  void aDefaultMayFollowAnotherParameter() {
    int senders = withProperty("users", "250", Parameters.SENDERS::get);

    assertThat(senders).as("users/10").isEqualTo(25);
  }

  @Test
  void aFlagIsTrueOrFalseAndNothingElse() {
    assertThat(withProperty("echo", "false", Parameters.ECHO::get)).isFalse();
    assertThat(withProperty("echo", "no", () -> catchMessage(Parameters.ECHO::get)))
        .contains("true or false");
  }

  private static String catchMessage(Runnable action) {
    try {
      action.run();
      return "no error";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static <T> T withProperty(String name, String value, Supplier<T> read) {
    String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      return read.get();
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }

  @Test
  void bothATargetAndAServerCommandIsRefused() {
    assertThatThrownBy(
            () ->
                withProperty(
                    "target",
                    "http://localhost:1",
                    () ->
                        withProperty(
                            "serverCommand",
                            "true",
                            org.chatharness.load.targets.Target::fromParameters)))
        .hasMessageContaining("not both");
  }
}
