package org.chatharness.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AddressBlockTest {

  @Test
  void aSingleAddressHoldsOnlyItself() throws Exception {
    AddressBlock block = AddressBlock.parse("10.0.0.7");

    assertThat(block.contains(ip("10.0.0.7"))).isTrue();
    assertThat(block.contains(ip("10.0.0.8"))).as("its neighbour").isFalse();
  }

  @Test
  void aCidrBlockHoldsItsWholeRangeEvenOffAByteBoundary() throws Exception {
    AddressBlock eight = AddressBlock.parse("10.0.0.0/8");
    AddressBlock twelve = AddressBlock.parse("172.16.0.0/12");

    assertThat(eight.contains(ip("10.255.1.2"))).isTrue();
    assertThat(eight.contains(ip("11.0.0.1"))).isFalse();
    assertThat(twelve.contains(ip("172.31.255.255"))).as("last of the /12").isTrue();
    assertThat(twelve.contains(ip("172.32.0.0"))).as("first past the /12").isFalse();
    assertThat(AddressBlock.parse("0.0.0.0/0").contains(ip("203.0.113.5")))
        .as("/0 holds every address of its family")
        .isTrue();
  }

  @Test
  void ipv6BlocksHoldIpv6AddressesOnly() throws Exception {
    AddressBlock uniqueLocal = AddressBlock.parse("fd00::/8");

    assertThat(uniqueLocal.contains(ip("fdab::1"))).isTrue();
    assertThat(uniqueLocal.contains(ip("fe80::1"))).isFalse();
    assertThat(AddressBlock.parse("::/0").contains(ip("10.0.0.1")))
        .as("an IPv4 address is never in an IPv6 block")
        .isFalse();
    assertThat(AddressBlock.parse("::1").contains(ip("::1"))).isTrue();
  }

  @Test
  void anIpv4MappedIpv6AddressIsTheIpv4Address() throws Exception {
    assertThat(AddressBlock.parse("::ffff:10.0.0.1").contains(ip("10.0.0.1"))).isTrue();
  }

  @Test
  void whatIsNotAnAddressOrBlockIsRefusedWithAnExample() {
    for (String bad :
        new String[] {
          "proxy.example.com", "10.0.0.0/33", "::/129", "10.0.0.0/x", "", "300.1.1.1"
        }) {
      assertThatThrownBy(() -> AddressBlock.parse(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
