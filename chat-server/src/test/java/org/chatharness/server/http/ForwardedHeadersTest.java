package org.chatharness.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a trusted proxy's headers are taken to say, and what they are not. */
@Timeout(10)
class ForwardedHeadersTest {
  private static final InetAddress PROXY = ip("10.0.0.2");
  private static final Predicate<InetAddress> TEN_SLASH_EIGHT =
      AddressBlock.parse("10.0.0.0/8")::contains;

  @Test
  void aRequestWithoutForwardingHeadersSaysNothing() {
    assertThat(read(HttpFields.build().add("Host", "chat.example.com"))).isNull();
  }

  @Test
  void theClientIsTheRightmostAddressThatIsNotATrustedProxy() {
    ForwardedHeaders forwarded =
        read(HttpFields.build().add("X-Forwarded-For", "198.51.100.9, 203.0.113.5, 10.0.0.1"));

    assertThat(forwarded.client())
        .as("198.51.100.9 is what the client wrote; 10.0.0.1 is a second proxy")
        .isEqualTo(ip("203.0.113.5"));
  }

  @Test
  void whenEveryAddressIsATrustedProxyTheFarthestIsTheClient() {
    assertThat(read(HttpFields.build().add("X-Forwarded-For", "10.0.0.5, 10.0.0.1")).client())
        .isEqualTo(ip("10.0.0.5"));
  }

  @Test
  void anUnreadableAddressEndsTheSearchAtTheLastProxyThatCanBeBelieved() {
    assertThat(read(HttpFields.build().add("X-Forwarded-For", "203.0.113.5, unknown")).client())
        .as("the proxy itself did not know")
        .isEqualTo(PROXY);
    assertThat(read(HttpFields.build().add("X-Forwarded-For", "client.example.com")).client())
        .as("names are not addresses, and are never looked up")
        .isEqualTo(PROXY);
  }

  @Test
  void addressesAreReadWithPortsBracketsAndFromSeveralHeaderLines() {
    assertThat(read(HttpFields.build().add("X-Forwarded-For", "203.0.113.5:4711")).client())
        .isEqualTo(ip("203.0.113.5"));
    assertThat(read(HttpFields.build().add("X-Forwarded-For", "2001:db8::1")).client())
        .isEqualTo(ip("2001:db8::1"));
    assertThat(
            read(HttpFields.build()
                    .add("X-Forwarded-For", "203.0.113.5")
                    .add("X-Forwarded-For", "10.0.0.1"))
                .client())
        .as("a second header line continues the list")
        .isEqualTo(ip("203.0.113.5"));
    assertThat(read(HttpFields.build().add("Forwarded", "for=\"[2001:db8::1]:4711\"")).client())
        .isEqualTo(ip("2001:db8::1"));
  }

  @Test
  void schemeHostAndPortComeFromTheLastXForwardedValues() {
    ForwardedHeaders forwarded =
        read(
            HttpFields.build()
                .add("X-Forwarded-Proto", "HTTPS")
                .add("X-Forwarded-Host", "chat.example.com")
                .add("X-Forwarded-Port", "8443"));

    assertThat(forwarded.scheme()).isEqualTo("https");
    assertThat(forwarded.host()).isEqualTo("chat.example.com");
    assertThat(forwarded.port()).isEqualTo(8443);
    assertThat(forwarded.client()).as("no X-Forwarded-For: the proxy").isEqualTo(PROXY);
    assertThat(read(HttpFields.build().add("X-Forwarded-Host", "chat.example.com:9443")).port())
        .as("a port in the host")
        .isEqualTo(9443);
    assertThat(read(HttpFields.build().add("X-Forwarded-Proto", "wss")).scheme())
        .isEqualTo("https");
  }

  @Test
  void valuesThatDoNotParseAreIgnored() {
    ForwardedHeaders forwarded =
        read(
            HttpFields.build()
                .add("X-Forwarded-Proto", "gopher")
                .add("X-Forwarded-Host", "evil.example/path")
                .add("X-Forwarded-Port", "99999"));

    assertThat(forwarded.scheme()).isNull();
    assertThat(forwarded.host()).isNull();
    assertThat(forwarded.port()).isEqualTo(-1);
  }

  @Test
  void theForwardedEntryOfTheProxyThatMetTheClientGivesSchemeAndHost() {
    ForwardedHeaders forwarded =
        read(
            HttpFields.build()
                .add(
                    "Forwarded",
                    "for=198.51.100.9;proto=http;host=evil.example, "
                        + "for=203.0.113.5;proto=https;host=\"chat.example.com:8443\", "
                        + "for=10.0.0.1;proto=http;host=internal"));

    assertThat(forwarded.client()).isEqualTo(ip("203.0.113.5"));
    assertThat(forwarded.scheme())
        .as("not the client's own entry, nor the inner proxy's")
        .isEqualTo("https");
    assertThat(forwarded.host()).isEqualTo("chat.example.com");
    assertThat(forwarded.port()).isEqualTo(8443);
  }

  @Test
  void whatTheOuterProxyLeavesOutANearerOneMaySay() {
    ForwardedHeaders forwarded =
        read(HttpFields.build().add("Forwarded", "for=203.0.113.5, for=10.0.0.1;proto=https"));

    assertThat(forwarded.scheme()).isEqualTo("https");
  }

  @Test
  void forwardedWinsOverTheXForwardedHeaders() {
    ForwardedHeaders forwarded =
        read(
            HttpFields.build()
                .add("Forwarded", "for=203.0.113.5;proto=https")
                .add("X-Forwarded-For", "198.51.100.9")
                .add("X-Forwarded-Proto", "http"));

    assertThat(forwarded.client()).isEqualTo(ip("203.0.113.5"));
    assertThat(forwarded.scheme()).isEqualTo("https");
  }

  @Test
  void quotedSeparatorsDoNotSplitAForwardedValue() {
    ForwardedHeaders forwarded =
        read(HttpFields.build().add("Forwarded", "for=203.0.113.5;host=\"a;b,c\";proto=https"));

    assertThat(forwarded.client()).isEqualTo(ip("203.0.113.5"));
    assertThat(forwarded.scheme()).isEqualTo("https");
    assertThat(forwarded.host()).as("not a host name").isNull();
  }

  private static ForwardedHeaders read(HttpFields headers) {
    return ForwardedHeaders.read(headers, PROXY, TEN_SLASH_EIGHT);
  }

  private static InetAddress ip(String literal) {
    InetAddress address = IpLiteral.parse(literal);
    if (address == null) {
      throw new IllegalArgumentException(literal);
    }
    return address;
  }
}
