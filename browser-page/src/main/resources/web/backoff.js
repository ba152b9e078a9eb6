// How long to wait before the next reconnect: exponential backoff with full jitter, so that every page
// dropped by one server restart does not come back in the same millisecond.

/** Defaults: first retry within 0.5 s, never more than 15 s apart, forgiven after 10 s of a good connection. */
export const BACKOFF_DEFAULTS = Object.freeze({ baseMs: 500, capMs: 15_000, resetAfterMs: 10_000 });

// 2^30 * base is far above any cap; stopping there keeps the arithmetic finite however long a server is down.
const MAX_EXPONENT = 30;

/**
 * Reconnect delays. `random` (returning [0, 1)) is injectable so tests can pin the jitter.
 *
 *   const backoff = new Backoff();
 *   socket.onopen = () => backoff.opened(Date.now());
 *   socket.onclose = () => { backoff.closed(Date.now()); setTimeout(connect, backoff.next()); };
 */
export class Backoff {
  #baseMs;
  #capMs;
  #resetAfterMs;
  #random;
  #attempt = 0;
  #openedAt = null;

  constructor({ random = Math.random, ...options } = {}) {
    const { baseMs, capMs, resetAfterMs } = { ...BACKOFF_DEFAULTS, ...options };
    this.#baseMs = baseMs;
    this.#capMs = capMs;
    this.#resetAfterMs = resetAfterMs;
    this.#random = random;
  }

  /** How many delays have been handed out since the last reset. */
  get attempt() {
    return this.#attempt;
  }

  /** The ceiling the next delay is drawn under: base * 2^attempt, at most the cap. */
  get ceilingMs() {
    return Math.min(this.#capMs, this.#baseMs * 2 ** Math.min(this.#attempt, MAX_EXPONENT));
  }

  /** The next delay in ms, uniformly in [0, ceiling) ("full jitter"), and one step further up. */
  next() {
    const delay = Math.floor(this.#random() * this.ceilingMs);
    this.#attempt += 1;
    return delay;
  }

  /** A connection opened at `now` (ms). */
  opened(now) {
    this.#openedAt = now;
  }

  /** The connection closed at `now`: one that stayed open long enough starts the backoff afresh. */
  closed(now) {
    if (this.#openedAt !== null && now - this.#openedAt >= this.#resetAfterMs) this.reset();
    this.#openedAt = null;
  }

  /** Back to the first, shortest delay. */
  reset() {
    this.#attempt = 0;
  }
}
