package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Profiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tutorial's page: what a person opens in a browser to chat. */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(30)
class PageChecks {

  @Test
  @DisplayName(
      "GET of the server's URL serves an HTML page with the tutorial's #input, #btn, #list")
  void theServersUrlServesAPageWithTheTutorialsInputButtonAndList(Clients clients)
      throws Exception {
    HttpResponse<String> page = clients.get(clients.target().pageUri());

    assertThat(page.statusCode()).as("status of GET %s", page.uri()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse(""))
        .as("Content-Type")
        .startsWithIgnoringCase("text/html");
    for (String id : new String[] {"input", "btn", "list"}) {
      assertThat(page.body())
          .as("the page has an element with id \"%s\"", id)
          .containsPattern(Pattern.compile("\\bid\\s*=\\s*[\"']?" + id + "[\"'\\s/>]"));
    }
  }
}
