import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CidSource, Identity, memoryStorage, newKey, usableStorage } from "../../main/resources/web/identity.js";

/** Bytes 0, 1, 2, ... then 100, 101, ... on the next call: distinct, predictable keys. */
function countingRandom() {
  let start = 0;
  return (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (start + i) % 256);
    start += 100;
    return bytes;
  };
}

describe("newKey", () => {
  it("is 32 hex characters, inside the server's 16-128 printable ASCII", () => {
    const key = newKey();
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.notEqual(newKey(), key);
  });
});

describe("Identity", () => {
  it("has no name until one is chosen, and remembers it in the storage", () => {
    const storage = memoryStorage();
    assert.equal(new Identity(storage).name, null);
    new Identity(storage).setName("alice");
    assert.equal(new Identity(storage).name, "alice");
  });

  it("keeps one key per name, the same across page loads", () => {
    const storage = memoryStorage();
    const first = new Identity(storage, { random: countingRandom() });
    first.setName("alice");
    const aliceKey = first.keyFor("alice");
    const bobKey = first.keyFor("bob");
    assert.notEqual(aliceKey, bobKey);
    const later = new Identity(storage, { random: countingRandom() });
    assert.equal(later.keyFor("alice"), aliceKey);
    assert.equal(later.keyFor("bob"), bobKey);
  });

  it("starts over when the stored keys were damaged", () => {
    const storage = memoryStorage();
    storage.setItem("chat.keys", "{not json");
    assert.match(new Identity(storage).keyFor("alice"), /^[0-9a-f]{32}$/);
  });
});

describe("usableStorage", () => {
  it("falls back to memory when localStorage throws", () => {
    const storage = usableStorage(() => {
      throw new DOMException("denied", "SecurityError");
    });
    storage.setItem("a", "1");
    assert.equal(storage.getItem("a"), "1");
    assert.equal(storage.getItem("b"), null);
  });

  it("uses the real storage when it works", () => {
    const real = memoryStorage();
    assert.equal(usableStorage(() => real), real);
  });
});

describe("CidSource", () => {
  it("makes each id of 16 random bytes: 32 hex characters, inside the server's 1-64 printable ASCII", () => {
    const cids = new CidSource({ random: countingRandom() });
    assert.equal(cids.next(), "000102030405060708090a0b0c0d0e0f");
    assert.equal(cids.next(), "6465666768696a6b6c6d6e6f70717273");
    assert.match(new CidSource().next(), /^[0-9a-f]{32}$/);
  });

  it("shows no counter or prefix another member could continue: consecutive ids share nothing", () => {
    const cids = new CidSource();
    const [a, b] = [cids.next(), cids.next()];
    assert.notEqual(a.slice(0, 8), b.slice(0, 8));
    assert.ok(!/-\d+$/.test(a), a);
  });

  it("never repeats an id between two windows of one person (same key, same storage)", () => {
    const storage = memoryStorage();
    new Identity(storage).setName("alice");
    const [one, two] = [new CidSource(), new CidSource()];
    const seen = new Set();
    for (let i = 0; i < 1000; i += 1) {
      seen.add(one.next());
      seen.add(two.next());
    }
    assert.equal(seen.size, 2000);
  });
});
