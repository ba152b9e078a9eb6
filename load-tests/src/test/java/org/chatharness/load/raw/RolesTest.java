package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes and senders spread over the connection order, the slowest place always probed. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RolesTest {

  @Test
  void probesAreSpreadEvenlyAndTheLastConnectionIsOne() {
    Roles roles = Roles.spread(1000, 10, 10);

    assertThat(positions(roles, Roles.Role.PROBE))
        .containsExactly(99, 199, 299, 399, 499, 599, 699, 799, 899, 999);
  }

  @Test
  void sendersTakeOtherPlacesAndAreNumberedInOrder() {
    Roles roles = Roles.spread(1000, 10, 10);

    assertThat(roles.senderPositions())
        .containsExactly(0, 100, 200, 300, 400, 500, 600, 700, 800, 900);
    assertThat(positions(roles, Roles.Role.SENDER)).hasSize(10);
  }

  @Test
  void aSenderWhosePlaceIsProbedMovesToTheNextFreeOne() {
    Roles roles = Roles.spread(4, 2, 2);

    assertThat(positions(roles, Roles.Role.PROBE)).containsExactly(1, 3);
    assertThat(roles.senderPositions()).containsExactly(0, 2);
    Roles full = Roles.spread(3, 2, 1);
    assertThat(full.senderPositions()).as("every place taken").containsExactlyInAnyOrder(0, 1);
    assertThat(full.of(2)).isEqualTo(Roles.Role.PROBE);
  }

  @Test
  void moreSendersAndProbesThanClientsIsRefused() {
    assertThatThrownBy(() -> Roles.spread(10, 6, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("senders + probes <= clients");
  }

  private static int[] positions(Roles roles, Roles.Role role) {
    return IntStream.range(0, roles.clients()).filter(i -> roles.of(i) == role).toArray();
  }

  @Test
  void everyOtherConnectionIsASink() {
    Roles roles = Roles.spread(100, 3, 4);

    assertThat(positions(roles, Roles.Role.SINK)).hasSize(93);
    assertThat(Arrays.stream(roles.senderPositions()).distinct().count()).isEqualTo(3);
  }
}
