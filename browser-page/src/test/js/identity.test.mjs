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
  it("counts up under one prefix, within the server's 1-64 printable ASCII", () => {
    const cids = new CidSource("k".repeat(32), { now: 1732550000000 });
    const [a, b] = [cids.next(), cids.next()];
    assert.match(a, /^[\x21-\x7e]{1,64}$/);
    assert.equal(a.replace(/-1$/, ""), b.replace(/-2$/, ""));
    assert.ok(a.endsWith("-1") && b.endsWith("-2"), `${a} ${b}`);
  });

  it("never shows the key itself", () => {
    const key = "0123456789abcdef0123456789abcdef";
    assert.ok(!new CidSource(key, { now: 1 }).next().includes(key.slice(0, 8)));
  });

  it("differs between keys, and between page loads with the same key", () => {
    const one = new CidSource("a".repeat(32), { now: 1000 }).next();
    assert.notEqual(new CidSource("b".repeat(32), { now: 1000 }).next(), one);
    assert.notEqual(new CidSource("a".repeat(32), { now: 2000 }).next(), one);
  });
});
