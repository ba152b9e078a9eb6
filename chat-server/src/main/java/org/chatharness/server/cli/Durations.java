package org.chatharness.server.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations such as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 7d} or ISO-8601 {@code
 * PT30S}.
 */
public final class Durations implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(text);
    if (matcher.matches()) {
      long number = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(number);
        case "s" -> Duration.ofSeconds(number);
        case "m" -> Duration.ofMinutes(number);
        case "h" -> Duration.ofHours(number);
        default -> Duration.ofDays(number);
      };
    }
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException notIso) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 30s, 2m, 7d)");
    }
  }

  /** {@code duration} as this converter reads it back: {@code 7d}, {@code 60s} or {@code 500ms}. */
  public static String format(Duration duration) {
    if (duration.toMillis() % Duration.ofDays(1).toMillis() == 0 && !duration.isZero()) {
      return duration.toDays() + "d";
    }
    if (duration.toMillis() % 1000 == 0) {
      return duration.toSeconds() + "s";
    }
    return duration.toMillis() + "ms";
  }
}
