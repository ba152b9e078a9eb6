// Who this browser is in the chat: the name it chose, a secret key per name (so a reload or a second tab
// takes the name back instead of hitting "name taken"), and the ids it gives its messages.

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

/**
 * Client message ids: a prefix derived from the key, the time this source was made, and a counter.
 * The key part keeps two people's ids apart without revealing the key (other members see a message's cid);
 * the time part keeps a reloaded page from reusing an id, which the server would take for a resend
 * and not broadcast.
 */
export class CidSource {
  #prefix;
  #count = 0;

  constructor(key, { now = Date.now() } = {}) {
    this.#prefix = `${fnv1a(key).toString(36)}-${now.toString(36)}`;
  }

  /** The next id, e.g. "1x2k9qz-lx3f2a1c-7". */
  next() {
    this.#count += 1;
    return `${this.#prefix}-${this.#count}`;
  }
}

// 32-bit FNV-1a: a short, stable digest. Not a secret-keeping hash; it only has to tell keys apart.
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
