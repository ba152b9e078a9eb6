import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Backoff } from "../../main/resources/web/backoff.js";

/** A random source that always returns `value`. */
const fixed = (value) => () => value;

describe("Backoff", () => {
  it("doubles the ceiling from 500 ms up to the 15 s cap", () => {
    const backoff = new Backoff({ random: fixed(0.999999) });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    assert.deepEqual(delays, [499, 999, 1999, 3999, 7999, 14999, 14999, 14999]);
  });

  it("draws each delay uniformly below the ceiling (full jitter)", () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff({ random: () => draws.shift() });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [0, 500, 500]);
  });

  it("stays at the cap however many attempts fail", () => {
    const backoff = new Backoff({ random: fixed(0.5) });
    for (let i = 0; i < 2000; i += 1) backoff.next();
    assert.equal(backoff.next(), 7500);
  });

  it("starts again from the base after a connection stayed open 10 s", () => {
    const backoff = new Backoff({ random: fixed(0.999999) });
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.opened(1_000);
    backoff.closed(11_000);
    assert.equal(backoff.next(), 499);
  });

  it("keeps climbing when connections keep dropping before 10 s", () => {
    const backoff = new Backoff({ random: fixed(0.999999) });
    backoff.next();
    backoff.next();
    backoff.opened(1_000);
    backoff.closed(10_999);
    assert.equal(backoff.next(), 1999);
  });

  it("does not reset on a close that had no open (a refused attempt)", () => {
    const backoff = new Backoff({ random: fixed(0.999999) });
    backoff.next();
    backoff.closed(1_000_000);
    assert.equal(backoff.next(), 999);
  });

  it("takes other numbers", () => {
    const backoff = new Backoff({ random: fixed(0.999999), baseMs: 100, capMs: 250 });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [99, 199, 249]);
  });
});
