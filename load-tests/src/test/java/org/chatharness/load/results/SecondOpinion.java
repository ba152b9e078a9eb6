package org.chatharness.load.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A second opinion on a capacity figure: the server's CPU per delivery as this run measured it and
 * as another load generator measured it at the same load: the raw-socket generator ({@code
 * org.chatharness.load.raw.RawLoad --json}), whose result names it {@code cpu.serverUsPerDelivery}
 * and says in {@code pace.generatorLimit} whether its own core set the pace. When both measure the
 * server, not themselves, they agree within {@link #TOLERANCE}.
 *
 * @param ours this run's server µs per delivery
 * @param theirs the other generator's
 * @param oursLimitedBy what limited this run
 * @param theirsLimit why the other generator's core was the limit, or null when it was not
 * @param cpuSeconds the server CPU time the other generator measured over, in seconds
 */
public record SecondOpinion(
    double ours,
    double theirs,
    String oursLimitedBy,
    String theirsLimit,
    double cpuSeconds,
    String source) {
  /** How far apart the two figures may be, as a share of the other generator's. */
  public static final double TOLERANCE = 0.15;

  /**
   * The least server CPU time a comparison within {@link #TOLERANCE} can rest on: {@code /proc}
   * counts CPU in 10 ms ticks, and a short run's fixed costs (connecting, the JIT) weigh more.
   */
  public static final double LEAST_CPU_SECONDS = 2;

  /** A run's step against the result file at {@code other}. */
  public static SecondOpinion of(StepResult step, Path other) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(other.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the second opinion " + other, e);
    }
    JsonNode figure = json.findValue("serverUsPerDelivery");
    JsonNode limit = json.findValue("generatorLimit");
    JsonNode share = json.findValue("serverShare");
    JsonNode window = json.findValue("windowSeconds");
    return new SecondOpinion(
        step.serverMicrosPerDelivery(),
        figure == null || !figure.isNumber() ? Double.NaN : figure.asDouble(),
        step.limitedBy(),
        limit == null || limit.isNull() ? null : limit.asText(),
        share == null || window == null ? Double.NaN : share.asDouble() * window.asDouble(),
        other.toString());
  }

  /**
   * False when the runs measured too little server CPU time for the comparison to mean anything (a
   * short run); true otherwise, also when the other file does not say (then it cannot agree).
   */
  public boolean judged() {
    return !(cpuSeconds < LEAST_CPU_SECONDS);
  }

  /** True when the two agree within the tolerance (never when either is unknown). */
  public boolean agrees() {
    return Math.abs(ours - theirs) <= TOLERANCE * theirs;
  }

  /** The comparison in a sentence. */
  public String finding() {
    return String.format(
        Locale.ROOT,
        "Second opinion (%s): server CPU per delivery %.2f µs under Gatling, %.2f µs under the"
            + " raw-socket generator (%s), %s (tolerance ±%.0f%%). What limited Gatling's run:"
            + " %s; the raw generator: %s.",
        source,
        ours,
        theirs,
        RunComparison.change(theirs, ours),
        !judged()
            ? String.format(
                Locale.ROOT,
                "not judged: %.2f s of server CPU, under the %.0f s a comparison needs",
                cpuSeconds,
                LEAST_CPU_SECONDS)
            : agrees() ? "they agree" : "they DISAGREE",
        100 * TOLERANCE,
        oursLimitedBy,
        theirsLimit == null
            ? "its core was not the limit"
            : "its core was the LIMIT, " + theirsLimit);
  }
}
