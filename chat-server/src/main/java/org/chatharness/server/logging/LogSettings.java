package org.chatharness.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log level and format, applied to Logback once at start-up. Text lines for people, JSON lines (one
 * object per line, with the connection fields as key-value pairs) for log pipelines.
 */
public record LogSettings(Level level, Format format) {
  /** The documented defaults: INFO, as text. */
  public static final LogSettings DEFAULTS = new LogSettings(Level.INFO, Format.TEXT);

  /** Log levels, as on the command line. */
  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /** Output formats. */
  public enum Format {
    TEXT,
    JSON
  }

  static final String TEXT_PATTERN = "%d{ISO8601} %-5level [%thread] %logger{24} - %msg %kvp%n";

  /** Replaces the console output with one of this level and format. */
  public void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    // Start from nothing, so no level or appender from a configuration file survives.
    context.reset();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
    context.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.WARN);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context));
    console.start();
    root.addAppender(console);
  }

  private Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithContext(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
