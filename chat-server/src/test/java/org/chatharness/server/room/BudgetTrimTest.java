package org.chatharness.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Past the budget, the least recently active keepers give up theirs first, to a tenth under. */
@Timeout(5)
class BudgetTrimTest {
  private final HistoryBudget budget = new HistoryBudget(1000);
  private final List<String> gaveUp = new ArrayList<>();

  /** Keeps {@code bytes} in the budget, last active at {@code millis}. */
  private final class Keeper implements HistoryBudget.Keeper {
    final String name;
    final long millis;
    long bytes;

    Keeper(String name, long millis, long bytes) {
      this.name = name;
      this.millis = millis;
      this.bytes = bytes;
      budget.track(this);
      budget.add(bytes);
    }

    @Override
    public long lastActiveMillis() {
      return millis;
    }

    @Override
    public void giveUp(long wanted) {
      long freed = Math.min(wanted, bytes);
      bytes -= freed;
      budget.add(-freed);
      gaveUp.add(name + " " + freed);
    }
  }

  @Test
  void underTheBudgetNothingIsGivenUp() {
    new Keeper("a", 1, 600);
    new Keeper("b", 2, 400);
    budget.enforce();
    assertThat(gaveUp).isEmpty();
  }

  @Test
  void overItTheLeastRecentlyActiveGiveUpUntilATenthUnder() {
    Keeper newest = new Keeper("newest", 30, 500);
    new Keeper("oldest", 10, 300);
    new Keeper("middle", 20, 500);
    budget.enforce();
    assertThat(gaveUp).containsExactly("oldest 300", "middle 100");
    assertThat(budget.usedBytes()).isEqualTo(900);
    assertThat(newest.bytes).as("the most recently active keeps all").isEqualTo(500);
  }

  @Test
  void anUntrackedKeeperIsNotAskedAgain() {
    Keeper gone = new Keeper("gone", 1, 600);
    budget.untrack(gone);
    budget.add(-600);
    new Keeper("kept", 2, 1100);
    budget.enforce();
    assertThat(gaveUp).containsExactly("kept 200");
  }
}
