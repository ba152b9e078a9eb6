package org.chatharness.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chatharness.server.ServerConfig;
import org.chatharness.server.config.Limits;
import org.chatharness.server.http.AddressBlock;
import org.chatharness.server.logging.LogSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line and the environment as one source of configuration, with one set of defaults.
 */
@Timeout(10)
class ServerOptionsTest {
  private final Map<String, String> environment = new HashMap<>();

  private ServerOptions parse(String... args) {
    ServerOptions options = new ServerOptions(environment::get);
    new CommandLine(options)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(options.defaults())
        .parseArgs(args);
    return options;
  }

  @Test
  void noOptionsAndNoVariablesGiveExactlyTheDefaults() {
    ServerOptions options = parse();
    assertThat(options.toConfig())
        .as("what the records hold as defaults, through the options' written defaults")
        .isEqualTo(ServerConfig.defaults());
    assertThat(options.logSettings()).isEqualTo(LogSettings.DEFAULTS);
  }

  @Test
  void aVariableSetsItsValueAndTheFlagWinsOverIt() {
    environment.put("CHAT_MAX_ROOMS", "7");
    environment.put("CHAT_IDLE_TIMEOUT", "90s");
    environment.put("CHAT_HISTORY_BUDGET", "1MiB");
    environment.put("CHAT_TRUST_PROXY", "10.0.0.0/8");
    environment.put("CHAT_LOG_FORMAT", "json");
    ServerConfig config = parse("--max-rooms", "9").toConfig();
    assertThat(config.limits().maxRooms()).as("the flag wins").isEqualTo(9);
    assertThat(config.timeouts().idle()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.limits().historyBudgetBytes()).isEqualTo(1 << 20);
    assertThat(config.access().trustedProxies()).containsExactly(AddressBlock.parse("10.0.0.0/8"));
    assertThat(parse().logSettings().format()).isEqualTo(LogSettings.Format.JSON);
  }

  @Test
  void optionsWriteIntoTheirGroupsAndListsAccumulate() {
    ServerConfig config =
        parse(
                "--rate-burst",
                "5",
                "--rate-limit",
                "2.5",
                "--allowed-origins",
                "https://a.example, https://b.example",
                "--allowed-origins",
                "https://c.example",
                "--max-connections",
                "12",
                "--permessage-deflate")
            .toConfig();
    assertThat(config.limits().rateLimit()).isEqualTo(2.5);
    assertThat(config.limits().rateBurst()).isEqualTo(5);
    assertThat(config.access().allowedOrigins())
        .containsExactly("https://a.example", "https://b.example", "https://c.example");
    assertThat(config.limits().maxConnections()).isEqualTo(12);
    assertThat(config.network().permessageDeflate()).isTrue();
  }

  @Test
  void autoDerivesTheConnectionLimitAndTheHistoryBudgetFromThisProcess() {
    Limits limits =
        parse("--max-connections", "AUTO", "--history-budget", "auto").toConfig().limits();
    assertThat(limits.maxConnections())
        .isEqualTo(Limits.derivedMaxConnections(Limits.openFileLimit()));
    assertThat(limits.historyBudgetBytes())
        .isEqualTo(Limits.derivedHistoryBudget(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void everyOptionNamesItsVariableAndHasADefaultUnlessItHasNone() {
    CommandLine cli = new CommandLine(new ServerOptions(name -> null));
    Map<String, String> written =
        OptionDefaults.written(ServerConfig.defaults(), LogSettings.DEFAULTS);
    List<OptionSpec> options =
        cli.getCommandSpec().options().stream()
            .filter(o -> !o.usageHelp() && !o.versionHelp())
            .toList();
    for (OptionSpec option : options) {
      String variable = OptionDefaults.variable(option);
      assertThat(String.join(" ", option.description()))
          .as("the help of %s names its variable", option.longestName())
          .endsWith("[" + variable + "].");
    }
    assertThat(options)
        .extracting(OptionSpec::longestName)
        .as("options without a default are the TLS pair; every default is an option's")
        .containsExactlyInAnyOrderElementsOf(
            concat(written.keySet(), List.of("--tls-keystore", "--tls-password")));
  }

  @Test
  void sizesAndDurationsAreWrittenAsTheyAreRead() {
    for (long bytes : new long[] {1, 1000, 8 * 1024, 64 * 1024, 1 << 20, 3L << 30}) {
      assertThat(new Sizes().convert(Sizes.format(bytes))).isEqualTo(bytes);
    }
    assertThat(Sizes.format(64 * 1024)).isEqualTo("64KiB");
    for (Duration d : List.of(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofDays(7))) {
      assertThat(new Durations().convert(Durations.format(d))).isEqualTo(d);
    }
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60s");
  }

  private static List<String> concat(java.util.Collection<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
