package org.chatharness.load.raw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} arguments, read once; a wrong name or value is a {@link UsageException} with
 * a message for the user, never a stack trace.
 */
final class CommandLine {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  /** A mistake in the arguments, said in one line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * @param known the option names allowed (without {@code --}); options marked repeatable in the
   *     callers' usage may be given several times
   */
  CommandLine(String[] args, Set<String> known) throws UsageException {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
        throw new UsageException("unknown argument: " + arg);
      }
      if (i + 1 >= args.length) {
        throw new UsageException(arg + " needs a value");
      }
      values.computeIfAbsent(arg.substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
  }

  /** Every value given for {@code name}, in order. */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  String string(String name, String fallback) {
    List<String> given = all(name);
    return given.isEmpty() ? fallback : given.get(given.size() - 1);
  }

  int integer(String name, int fallback, int min) throws UsageException {
    String given = string(name, null);
    if (given == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(given.replace("_", "").replace(",", ""));
      if (value < min) {
        throw new UsageException("--" + name + " must be at least " + min + ", got " + given);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got " + given);
    }
  }

  double decimal(String name, double fallback, double min) throws UsageException {
    String given = string(name, null);
    if (given == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(given);
      if (!(value >= min) || Double.isInfinite(value)) {
        throw new UsageException("--" + name + " must be at least " + min + ", got " + given);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got " + given);
    }
  }
}
