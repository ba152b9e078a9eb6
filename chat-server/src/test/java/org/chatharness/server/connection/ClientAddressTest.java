package org.chatharness.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The address a connection counts as for the per-address limit. */
@Timeout(10)
class ClientAddressTest {

  @Test
  void anIpv4AddressCountsAsItself() throws Exception {
    assertThat(ClientAddress.of(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
  }

  @Test
  void everyIpv6AddressOfOneSlash64CountsAsThatNetwork() throws Exception {
    String first = ClientAddress.of(InetAddress.getByName("2001:db8:1:2::1"));
    String other = ClientAddress.of(InetAddress.getByName("2001:db8:1:2:ffff:eeee:dddd:cccc"));
    assertThat(first).isEqualTo("2001:db8:1:2::/64").isEqualTo(other);
  }

  @Test
  void anotherSlash64IsAnotherClient() throws Exception {
    assertThat(ClientAddress.of(InetAddress.getByName("2001:db8:1:3::1")))
        .isNotEqualTo(ClientAddress.of(InetAddress.getByName("2001:db8:1:2::1")))
        .isEqualTo("2001:db8:1:3::/64");
  }

  @Test
  void loopbackAndZeroGroupsAreWrittenOut() throws Exception {
    assertThat(ClientAddress.of(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0::/64");
    assertThat(ClientAddress.of(InetAddress.getByName("2001:0:0:5::9")))
        .isEqualTo("2001:0:0:5::/64");
  }

  @Test
  void anIpv4MappedIpv6AddressCountsAsTheIpv4Address() throws Exception {
    assertThat(ClientAddress.of(InetAddress.getByName("::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
  }
}
