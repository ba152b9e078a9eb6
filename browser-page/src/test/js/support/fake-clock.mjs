// Time that moves only when a test says so: setTimeout/clearTimeout and now() for code that takes
// them as parameters.

export class FakeClock {
  #now;
  #timers = new Map();
  #nextId = 1;

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now = () => this.#now;

  setTimeout = (fn, ms = 0) => {
    const id = this.#nextId++;
    this.#timers.set(id, { fn, due: this.#now + ms });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** How many timers are waiting. */
  get pending() {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, running each timer that falls due, in order. */
  advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      const [id, timer] = [...this.#timers].sort((a, b) => a[1].due - b[1].due)[0] ?? [];
      if (id === undefined || timer.due > end) break;
      this.#timers.delete(id);
      this.#now = timer.due;
      timer.fn();
    }
    this.#now = end;
  }
}
