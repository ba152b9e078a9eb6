package org.chatharness.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run parameter: a system property ({@code -Dname=value}) with its default and its meaning, so
 * that {@link Parameters} can list them all in one table and every simulation reads them the same
 * way. A bad value stops the run with a message naming the parameter, not a stack trace.
 *
 * @param usedBy the simulations that read it, for the table
 * @param defaultText the default as the table shows it (a value, or a rule)
 */
public record Parameter<T>(
    String name,
    String defaultText,
    String usedBy,
    String meaning,
    Function<String, T> parser,
    Supplier<T> defaultValue) {

  /** The value given with {@code -Dname=}, or the default. */
  public T get() {
    String given = System.getProperty(name);
    if (given == null || given.isBlank()) {
      return defaultValue.get();
    }
    try {
      return parser.apply(given.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "-D" + name + "=" + given + " is not valid: " + meaning + " (" + e.getMessage() + ")", e);
    }
  }

  /** True when the run was given this parameter. */
  public boolean isSet() {
    String given = System.getProperty(name);
    return given != null && !given.isBlank();
  }

  static Parameter<Integer> integer(String name, int fallback, String usedBy, String meaning) {
    return new Parameter<>(
        name, Integer.toString(fallback), usedBy, meaning, Integer::valueOf, () -> fallback);
  }

  static Parameter<Integer> integer(
      String name, String rule, Supplier<Integer> fallback, String usedBy, String meaning) {
    return new Parameter<>(name, rule, usedBy, meaning, Integer::valueOf, fallback);
  }

  static Parameter<Double> decimal(String name, double fallback, String usedBy, String meaning) {
    String text =
        fallback == Math.rint(fallback)
            ? Long.toString((long) fallback)
            : Double.toString(fallback);
    return new Parameter<>(name, text, usedBy, meaning, Double::valueOf, () -> fallback);
  }

  static Parameter<Boolean> flag(String name, boolean fallback, String usedBy, String meaning) {
    return new Parameter<>(
        name, Boolean.toString(fallback), usedBy, meaning, Parameter::parseFlag, () -> fallback);
  }

  static Parameter<String> text(String name, String fallback, String usedBy, String meaning) {
    return new Parameter<>(
        name, fallback.isEmpty() ? "none" : fallback, usedBy, meaning, s -> s, () -> fallback);
  }

  static Parameter<List<String>> list(String name, String fallback, String usedBy, String meaning) {
    return new Parameter<>(
        name,
        fallback.isEmpty() ? "none" : fallback,
        usedBy,
        meaning,
        Parameter::split,
        () -> split(fallback));
  }

  private static boolean parseFlag(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("true or false");
    };
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
