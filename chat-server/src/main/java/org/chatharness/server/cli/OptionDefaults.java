package org.chatharness.server.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.chatharness.server.ServerConfig;
import org.chatharness.server.http.AddressBlock;
import org.chatharness.server.logging.LogSettings;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What an option is when its flag is not given: its environment variable ({@code CHAT_} and the
 * option's name, {@code --max-rooms} → {@code CHAT_MAX_ROOMS}) if that is set, otherwise the
 * documented default, which is {@link ServerConfig#defaults()} written as the option reads it.
 *
 * <p>The defaults themselves live in the configuration records; this only writes them as text, for
 * {@code --help} and for picocli to apply.
 */
final class OptionDefaults implements IDefaultValueProvider {
  /** What {@code --max-connections} and {@code --history-budget} say to derive their value. */
  static final String AUTO = "auto";

  private static final String PREFIX = "CHAT_";

  private final Map<String, String> defaults;
  private final Function<String, String> environment;

  /**
   * @param environment the process's variables ({@code System::getenv}), or a test's
   */
  OptionDefaults(Function<String, String> environment) {
    this.defaults = written(ServerConfig.defaults(), LogSettings.DEFAULTS);
    this.environment = environment;
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String set = environment.apply(variable(option));
    return set != null ? set : defaults.get(option.longestName());
  }

  /** The environment variable of an option: {@code --max-rooms} → {@code CHAT_MAX_ROOMS}. */
  static String variable(OptionSpec option) {
    return PREFIX
        + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The options that have a default, each with it as the option would be written. */
  static Map<String, String> written(ServerConfig d, LogSettings log) {
    Map<String, String> text = new HashMap<>();
    text.put("--host", d.network().host());
    text.put("--port", Integer.toString(d.network().port()));
    text.put("--max-header-size", Sizes.format(d.network().maxHeaderBytes()));
    text.put("--permessage-deflate", Boolean.toString(d.network().permessageDeflate()));
    text.put("--max-message-size", Sizes.format(d.limits().maxMessageBytes()));
    text.put("--outbound-queue-limit", Sizes.format(d.limits().outboundQueueBytes()));
    text.put("--history-size", Integer.toString(d.limits().historySize()));
    text.put("--rate-limit", number(d.limits().rateLimit()));
    text.put("--rate-burst", Integer.toString(d.limits().rateBurst()));
    text.put("--max-rooms", Integer.toString(d.limits().maxRooms()));
    text.put(
        "--max-connections-per-address", Integer.toString(d.limits().maxConnectionsPerAddress()));
    text.put("--max-connections", AUTO);
    text.put("--history-budget", AUTO);
    text.put("--idle-timeout", Durations.format(d.timeouts().idle()));
    text.put("--ping-interval", Durations.format(d.timeouts().ping()));
    text.put("--shutdown-timeout", Durations.format(d.timeouts().shutdown()));
    text.put("--handshake-timeout", Durations.format(d.timeouts().handshake()));
    text.put("--broker", d.cluster().broker());
    text.put("--presence-timeout", Durations.format(d.cluster().presenceTimeout()));
    text.put("--broker-stream-length", Integer.toString(d.cluster().streamLength()));
    text.put("--broker-room-ttl", Durations.format(d.cluster().roomTtl()));
    text.put("--broker-max-rooms", Integer.toString(d.cluster().maxRooms()));
    text.put("--allowed-origins", String.join(",", d.access().allowedOrigins()));
    text.put(
        "--trust-proxy",
        String.join(
            ",", d.access().trustedProxies().stream().map(AddressBlock::toString).toList()));
    text.put("--log-level", log.level().name());
    text.put("--log-format", log.format().name().toLowerCase(Locale.ROOT));
    // --tls-keystore and --tls-password have none: without them the server speaks http and ws.
    return text;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
