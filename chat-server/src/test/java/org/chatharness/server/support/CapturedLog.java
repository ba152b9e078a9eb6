package org.chatharness.server.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.chatharness.server.logging.LogSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The server's log during each test, as it would appear on standard output with the given settings;
 * the usual logging is back after the test.
 *
 * <pre>{@code
 * @RegisterExtension final CapturedLog log = new CapturedLog(LogSettings.Level.INFO, Format.TEXT);
 * ...
 * assertThat(log.text()).doesNotContain("secret");
 * }</pre>
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
  private final LogSettings settings;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalOut;

  public CapturedLog(LogSettings.Level level, LogSettings.Format format) {
    this.settings = new LogSettings(level, format);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    originalOut = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    settings.apply();
  }

  /** Everything logged so far. */
  public String text() {
    System.out.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    System.setOut(originalOut);
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.reset();
    new ContextInitializer(logging).autoConfig();
  }
}
