package org.chatharness.server.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples from the Prometheus text exposition that {@code /metrics} serves. */
public final class Metrics {
  private Metrics() {}

  /** The value of one sample line, such as {@code name{label="x"} 3.0}; fails if it is absent. */
  public static double value(String exposition, String sample) {
    Matcher line = line(exposition, sample);
    if (!line.find()) {
      throw new AssertionError(
          "no sample "
              + sample
              + " in:\n"
              + exposition.lines().filter(l -> l.startsWith("chat_")).toList());
    }
    return Double.parseDouble(line.group(1));
  }

  /** The value of one sample line, or 0 when there is none (a counter never incremented). */
  public static double valueOrZero(String exposition, String sample) {
    Matcher line = line(exposition, sample);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  private static Matcher line(String exposition, String sample) {
    return Pattern.compile("(?m)^" + Pattern.quote(sample) + "\\s+(\\S+)$").matcher(exposition);
  }
}
