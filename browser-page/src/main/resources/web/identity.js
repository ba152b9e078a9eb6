// Who this browser is in the chat: the name it chose, a secret key per name (so a reload or a second window
// joins as the same person instead of hitting "name taken"), and the ids it gives its messages.

const NAME_ITEM = "chat.name";
const KEYS_ITEM = "chat.keys";

// 16 random bytes as hex: 32 printable ASCII characters, inside the server's 16-128.
const KEY_BYTES = 16;

/** Random bytes from the browser's generator (available on plain http too, unlike crypto.subtle). */
export function randomBytes(count) {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

/** A new random key. */
export function newKey(random = randomBytes) {
  return Array.from(random(KEY_BYTES), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The chosen name and the keys, kept in a Storage (the page passes localStorage).
 *
 *   const me = new Identity(localStorage);
 *   if (!me.name) me.setName("alice");
 *   join({ name: me.name, key: me.keyFor(me.name) });
 */
export class Identity {
  #storage;
  #random;

  constructor(storage, { random = randomBytes } = {}) {
    this.#storage = storage;
    this.#random = random;
  }

  /** The remembered name, or null before one was chosen. */
  get name() {
    return this.#storage.getItem(NAME_ITEM);
  }

  /** Remembers `name` and makes sure it has a key. */
  setName(name) {
    this.#storage.setItem(NAME_ITEM, name);
    this.keyFor(name);
  }

  /** The key for `name`, created (and remembered) on first use. */
  keyFor(name) {
    const keys = this.#keys();
    if (!Object.hasOwn(keys, name)) {
      keys[name] = newKey(this.#random);
      this.#storage.setItem(KEYS_ITEM, JSON.stringify(keys));
    }
    return keys[name];
  }

  #keys() {
    try {
      const keys = JSON.parse(this.#storage.getItem(KEYS_ITEM));
      return keys && typeof keys === "object" && !Array.isArray(keys) ? keys : {};
    } catch {
      return {}; // damaged by hand: start over rather than never join again
    }
  }
}

/**
 * `storage` when it works, else an in-memory one: localStorage throws in some private modes and when
 * disabled, and the page should still chat (forgetting the name on reload).
 */
export function usableStorage(getStorage) {
  try {
    const storage = getStorage();
    const probe = "chat.probe";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

/** The part of the Storage interface Identity uses, kept in a Map. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

// 16 random bytes per id: nobody can guess another's next id, and two windows of one person, which share
// the key the server deduplicates ids by, never make the same one.
const CID_BYTES = 16;

/**
 * Client message ids, each random: the server takes an id it has seen from the same key for a re-send and
 * does not broadcast it again, so ids must never repeat across this person's windows and page loads.
 */
export class CidSource {
  #random;

  constructor({ random = randomBytes } = {}) {
    this.#random = random;
  }

  /** The next id, e.g. "3f9c0a5e1b7d42c6a8e0f19b2d4c6e8a". */
  next() {
    return Array.from(this.#random(CID_BYTES), (b) => b.toString(16).padStart(2, "0")).join("");
  }
}
