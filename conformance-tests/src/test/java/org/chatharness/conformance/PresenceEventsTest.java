package org.chatharness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.chatharness.conformance.checks.PresenceEvents;
import org.junit.jupiter.api.Test;

/** The presence checks accept only an event that announces the name, as PROTOCOL.md defines it. */
class PresenceEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aJoinOrLeaveCountsOnlyForTheNameItNames() throws Exception {
    JsonNode carolJoins =
        json("{\"type\":\"presence\",\"event\":\"join\",\"name\":\"carol\",\"online\":[\"bob\"]}");
    assertThat(PresenceEvents.joinOf("carol")).accepts(carolJoins);
    assertThat(PresenceEvents.joinOf("bob"))
        .as("bob is only in the online list of carol's join")
        .rejects(carolJoins);
    assertThat(PresenceEvents.leaveOf("carol")).rejects(carolJoins);
  }

  @Test
  void aBatchCountsForTheSideItListsTheNameOn() throws Exception {
    JsonNode batch =
        json("{\"type\":\"presence\",\"event\":\"changes\",\"joined\":[\"bob\"],\"left\":[]}");
    assertThat(PresenceEvents.joinOf("bob")).accepts(batch);
    assertThat(PresenceEvents.leaveOf("bob")).as("an empty left list").rejects(batch);
    assertThat(PresenceEvents.joinOf("bo")).as("no substring matches").rejects(batch);
  }

  @Test
  void aMessageIsNotPresence() throws Exception {
    assertThat(PresenceEvents.joinOf("bob"))
        .rejects(json("{\"type\":\"message\",\"event\":\"join\",\"name\":\"bob\"}"));
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
