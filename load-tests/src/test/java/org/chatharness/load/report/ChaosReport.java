package org.chatharness.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.chatharness.load.chaos.ChaosLedger.Totals;

/** Writes a chaos run's summary ({@code summary.md}) next to the other simulations' summaries. */
public final class ChaosReport {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final List<String> context;
  private final Totals totals;
  private final List<String> events;
  private final List<String> findings;

  /**
   * @param context lines saying what ran: cluster, parameters, schedule
   * @param events what the chaos schedule did, when
   * @param findings the verdicts, in words
   */
  public ChaosReport(
      List<String> context, Totals totals, List<String> events, List<String> findings) {
    this.context = List.copyOf(context);
    this.totals = totals;
    this.events = List.copyOf(events);
    this.findings = List.copyOf(findings);
  }

  /** The summary as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# Chaos under load\n\n");
    context.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("\n## Schedule\n\n");
    events.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("\n## Figures\n\n| figure | value |\n|---|---:|\n");
    row(md, "messages sent", totals.sent());
    row(md, "acknowledged", totals.acked());
    row(md, "duplicate acks (re-sends that had got through)", totals.duplicateAcks());
    row(md, "acknowledged with a second id", totals.conflictingAcks());
    row(md, "re-sent with the same cid", totals.resends());
    row(md, "refused by the server (error naming a cid)", totals.refusals());
    row(md, "kills", totals.kills());
    row(md, "users joined", totals.joinedUsers());
    row(md, "users complete", totals.completeUsers());
    row(md, "reconnects", totals.reconnects());
    md.append(
        String.format(
            Locale.ROOT,
            "| time to reconnect, kill to resumed join: p50 / max (of %d) | %s / %s ms |%n",
            totals.timedReconnects(),
            fmt(totals.reconnectP50Millis()),
            fmt(totals.reconnectMaxMillis())));
    row(md, "resumes with gap: true", totals.gaps());
    row(md, "messages received out of order or again", totals.outOfOrder());
    md.append('\n');
    findings.forEach(line -> md.append(line).append("\n\n"));
    return md.toString();
  }

  /** Writes {@code summary.md} into a new folder under {@code baseDir} and returns the folder. */
  public Path write(Path baseDir) {
    Path dir = baseDir.resolve("chaos-" + LocalDateTime.now().format(STAMP));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("summary.md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the summary to " + dir, e);
    }
    return dir;
  }

  private static void row(StringBuilder md, String figure, int value) {
    md.append("| ").append(figure).append(" | ").append(value).append(" |\n");
  }

  private static String fmt(double millis) {
    return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0f", millis);
  }
}
