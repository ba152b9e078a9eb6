package org.chatharness.load.raw;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The generator's options that every run shares, read once from the command line, with the defaults
 * of the A/B bench (1,000 clients, 10 senders, 40 messages/s, 10 s, 100-byte messages).
 */
record RunOptions(
    int clients,
    double rate,
    int senders,
    int probes,
    double seconds,
    int size,
    int sourceAddresses,
    int connectThreads,
    int sinkLoops,
    Duration drainTimeout) {

  static final Set<String> NAMES =
      Set.of(
          "clients",
          "rate",
          "senders",
          "probes",
          "duration",
          "size",
          "sources",
          "connect-threads",
          "sink-threads",
          "drain-timeout");

  static final String USAGE =
      """
        --clients N          connections, senders and probes included (1000); all receive everything
        --rate R             messages per second over all senders (40)
        --senders S          connections that send, round-robin (10)
        --probes P           connections that parse every message for latency (10)
        --duration SECONDS   of sending per run (10)
        --size BYTES         of each message, at least %d (100)
        --sources K          127.0.0.1 .. 127.0.0.K to connect from, loopback only (4)
        --connect-threads T  handshakes at once (4)
        --sink-threads T     threads reading the sinks; probes have their own (1)
        --drain-timeout S    wait after the last send for every byte to arrive (10)
      """
          .formatted(Stamp.MIN_SIZE);

  static RunOptions from(CommandLine line) throws CommandLine.UsageException {
    RunOptions options =
        new RunOptions(
            line.integer("clients", 1000, 1),
            line.decimal("rate", 40, 0.01),
            line.integer("senders", 10, 1),
            line.integer("probes", 10, 0),
            line.decimal("duration", 10, 0.1),
            line.integer("size", 100, Stamp.MIN_SIZE),
            line.integer("sources", 4, 1),
            line.integer("connect-threads", 4, 1),
            line.integer("sink-threads", 1, 1),
            Duration.ofMillis((long) (1000 * line.decimal("drain-timeout", 10, 0.1))));
    if (options.size() > 65_535) {
      throw new CommandLine.UsageException("--size must be at most 65535, got " + options.size());
    }
    if (options.senders() + options.probes() > options.clients()) {
      throw new CommandLine.UsageException(
          "senders + probes must fit in --clients " + options.clients());
    }
    if (options.sourceAddresses() > 254) {
      throw new CommandLine.UsageException("--sources must be at most 254");
    }
    return options;
  }

  /** The same options with another room size and rate (a scenario of the A/B bench). */
  RunOptions with(int clients, double rate, double seconds) {
    return new RunOptions(
        clients,
        rate,
        senders,
        probes,
        seconds,
        size,
        sourceAddresses,
        connectThreads,
        sinkLoops,
        drainTimeout);
  }

  RunResult.Load load() {
    return new RunResult.Load(clients, senders, probes, rate, seconds, size);
  }

  LoadRun.Settings against(URI target, long serverPid) {
    return new LoadRun.Settings(
        target, load(), serverPid, sourceAddresses, connectThreads, sinkLoops, drainTimeout);
  }
}
