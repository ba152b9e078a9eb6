package org.chatharness.load.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatharness.load.Parameters;
import org.chatharness.load.results.RunFolder;
import org.chatharness.load.results.RunResult;
import org.chatharness.load.targets.ClusterTarget;

/**
 * A chaos run's verdict and results: every message acknowledged with one id, the schedule run as
 * planned, no first connection or join failed, and (with Redis) every user complete and no resume
 * with a gap. The in-memory broker loses the room with its node: there, doubles, gaps and
 * incomplete users are reported, not failed. Each incomplete user's story goes beside the summary
 * ({@code incomplete-users.log}), to set beside the nodes' logs.
 */
public final class ChaosVerdict {
  private final String description;
  private final ClusterTarget cluster;
  private final ChaosLedger ledger;
  private final ChaosSchedule schedule;
  private final ChaosUsers users;
  private final boolean redis;
  private final RunFolder folder;
  private RunResult result;

  public ChaosVerdict(
      String description,
      RunFolder folder,
      ClusterTarget cluster,
      ChaosLedger ledger,
      ChaosSchedule schedule,
      ChaosUsers users) {
    this.description = description;
    this.cluster = cluster;
    this.ledger = ledger;
    this.schedule = schedule;
    this.users = users;
    this.redis = "redis".equals(cluster.broker());
    this.folder = folder;
  }

  /** Judges every user now, while all are still connected (their online lists count). */
  public void judge() {
    ChaosLedger.Totals totals = ledger.totals();
    List<String> failures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (totals.acked() != totals.sent()) {
      failures.add((totals.sent() - totals.acked()) + " of " + totals.sent() + " unacknowledged");
    }
    if (totals.conflictingAcks() > 0) {
      (redis ? failures : notes)
          .add(totals.conflictingAcks() + " re-sent messages acknowledged with a second id");
    }
    if (schedule.failure() != null) {
      failures.add("the chaos schedule failed: " + schedule.failure());
    }
    if (totals.kills() != Parameters.KILLS.get()) {
      failures.add(totals.kills() + " of " + Parameters.KILLS.get() + " kills happened");
    }
    if (totals.gaps() > 0) {
      (redis ? failures : notes).add(totals.gaps() + " resumes reported a gap");
    }
    if (users.firstJoinFailureCount() > 0) {
      failures.add(
          users.firstJoinFailureCount()
              + " users' first connection or join failed: "
              + String.join("; ", users.firstJoinFailures()));
    }
    int incomplete = Parameters.USERS.get() - totals.completeUsers();
    if (incomplete > 0) {
      (redis ? failures : notes).add(incomplete + " users incomplete");
    }
    List<String> findings = new ArrayList<>();
    findings.add("Schedule: " + String.join("; ", schedule.events()) + ".");
    findings.add(
        totals.completeUsers()
            + " of "
            + Parameters.USERS.get()
            + " users received every acknowledged message after their first welcome exactly once,"
            + " in order, and saw exactly the users in the room as online at the end.");
    if (!notes.isEmpty()) {
      findings.add(
          "Not failed with the in-memory broker, which loses the room with its node: "
              + String.join("; ", notes)
              + ".");
    }
    ledger.incompleteUsers(5).forEach(line -> findings.add("Incomplete: " + line + "."));
    result =
        folder.result(
            description,
            cluster.describe(),
            "none (the nodes are killed and restarted)",
            figures(totals),
            findings,
            failures,
            "the chaos schedule");
  }

  private static Map<String, Object> figures(ChaosLedger.Totals totals) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("messages sent", totals.sent());
    figures.put("acknowledged", totals.acked());
    figures.put("duplicate acks (re-sends that had got through)", totals.duplicateAcks());
    figures.put("acknowledged with a second id", totals.conflictingAcks());
    figures.put("re-sent with the same cid", totals.resends());
    figures.put("refused by the server (an error naming a cid)", totals.refusals());
    figures.put("kills", totals.kills());
    figures.put("users joined", totals.joinedUsers());
    figures.put("users complete", totals.completeUsers());
    figures.put("reconnects", totals.reconnects());
    figures.put("reconnects timed (kill to resumed join)", totals.timedReconnects());
    figures.put("reconnect p50, ms", totals.reconnectP50Millis());
    figures.put("reconnect max, ms", totals.reconnectMaxMillis());
    figures.put("resumes with gap: true", totals.gaps());
    figures.put("messages received out of order or again", totals.outOfOrder());
    return figures;
  }

  /** Writes the results, the summary, and the incomplete users' stories. */
  public void write() {
    if (result == null) {
      judge();
    }
    folder.finish(result, Parameters.BASELINE.get());
    List<String> lines = new ArrayList<>();
    for (long userId : ledger.incomplete()) {
      lines.add("user " + userId + ": " + ledger.verdict(userId));
      ledger.story(userId).forEach(event -> lines.add("  " + event));
    }
    if (!lines.isEmpty()) {
      Path stories = folder.dir().resolve("incomplete-users.log");
      try {
        Files.write(stories, lines);
        System.out.println("what the incomplete users saw: " + stories.toAbsolutePath());
      } catch (IOException e) {
        System.out.println("could not write " + stories + ": " + e);
      }
    }
  }
}
