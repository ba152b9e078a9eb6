// Everything the page shows about a room, as one value: `apply(state, event)` returns the next state
// for a server message (welcome, history, message, ack, presence, error) or a local event (send, retry,
// rename, disconnected, unsent). Pure, so every ordering of acks, broadcasts and replays can be tested.
//
// The one rule that matters: one item per message. A message is known by its id once the server gave it
// one, and before that (our own, still pending) by its cid; whichever of `ack`, the broadcast `message`
// or a replay arrives first turns the pending item into the message, and the others are dropped.

/** The most messages kept; older ones leave the list (the server's history is 100 by default). */
export const MAX_ENTRIES = 1000;

/**
 * A room before the first welcome.
 *   entries  confirmed messages and gap notices, in id order
 *   outbox   own messages without an id yet: pending (sent or waiting to be) or failed
 *   lastId   the id everything up to which has been received: the highest message id, or the room's
 *            lastId from welcome once its history arrived (never from an ack: see `ack`)
 */
export function initialState({ name = null } = {}) {
  return {
    name,
    joined: false,
    everJoined: false,
    online: [],
    entries: [],
    outbox: [],
    lastId: 0,
    welcomeLastId: null,
    nameError: null,
    notice: null,
    gaps: 0,
  };
}

/** The next state after `event`; `state` itself is never changed. */
export function apply(state, event) {
  const reduce = REDUCERS[event?.type];
  return reduce ? reduce(state, event) : state;
}

/** What the list shows, oldest first: confirmed messages and gap notices, then the outbox. */
export function items(state) {
  const confirmed = state.entries.map((entry) => ({ pending: false, failed: false, error: null, ...entry }));
  return [...confirmed, ...state.outbox.map((entry) => outboxItem(entry, state.name))];
}

/** Own messages to (re)send once joined: pending, not failed, in the order they were written. */
export function unsent(state) {
  return state.outbox.filter((entry) => !entry.failed);
}

/** The `since` for the next join: none on the first (the server sends recent history), then lastId. */
export function resumeFrom(state) {
  return state.everJoined ? state.lastId : null;
}

const REDUCERS = {
  welcome: (state, { name, online, lastId }) => ({
    ...state,
    welcomeLastId: lastId,
    name,
    joined: true,
    everJoined: true,
    online: sortedNames(online),
    nameError: null,
  }),

  history: (state, { messages, gap }) => {
    let next = state;
    if (gap) {
      // Before the first message that was still held: the missing ones were older than it.
      const order = messages.length > 0 ? messages[0].id - 0.5 : state.lastId + 0.5;
      const notice = { kind: "gap", key: `gap-${state.gaps + 1}`, order };
      next = { ...state, gaps: state.gaps + 1, entries: insertByOrder(state.entries, notice) };
    }
    next = messages.reduce(receive, next);
    // The server takes welcome and history in one snapshot, and the live stream starts after it: with the
    // history in, nothing up to welcome's lastId is still to come, even in an empty room or one whose
    // newest messages were beyond the history. Resuming from there asks for no more than is missing.
    const lastId = Math.max(next.lastId, next.welcomeLastId ?? 0);
    return { ...next, lastId, welcomeLastId: null };
  },

  message: (state, message) => receive(state, message),

  // The ack does not move lastId: messages before this one may still be on their way, and resuming
  // after this id would skip them. The message itself moves it when it arrives.
  ack: (state, { cid, id }) => {
    const pending = state.outbox.find((entry) => entry.cid === cid);
    if (!pending) return state; // the message (broadcast or replay) came first, or an ack for a resend
    const outbox = state.outbox.filter((entry) => entry !== pending);
    if (state.entries.some((entry) => entry.id === id)) return { ...state, outbox };
    const message = {
      kind: "message",
      key: pending.key,
      id,
      order: id,
      ts: pending.ts, // our clock until the message brings the server's
      from: state.name,
      text: pending.text,
      cid,
      own: true,
      provisional: true,
    };
    return { ...state, outbox, entries: trim(insertByOrder(state.entries, message)) };
  },

  presence: (state, { event, name, online, joined, left }) => {
    if (online !== null) {
      return { ...state, online: sortedNames(online) };
    }
    const came = event === "changes" ? joined : event === "join" ? [name] : [];
    const changed = new Set(event === "changes" ? [...joined, ...left] : [name]);
    const others = state.online.filter((n) => !changed.has(n));
    return { ...state, online: sortedNames([...others, ...came]) };
  },

  error: (state, { code, message, cid }) => {
    if (code === "name_taken" || code === "name_invalid") {
      return { ...state, joined: false, nameError: message };
    }
    if (cid !== null && state.outbox.some((entry) => entry.cid === cid)) {
      return { ...state, outbox: state.outbox.map((e) => (e.cid === cid ? { ...e, failed: true, error: message } : e)) };
    }
    return { ...state, notice: { code, message } };
  },

  /** The page sends `text` as `cid`, at local time `ts`. */
  send: (state, { cid, text, ts }) => ({
    ...state,
    outbox: [...state.outbox, { key: `cid-${cid}`, cid, text, ts, failed: false, error: null }],
  }),

  /** A failed message is tried again under the same cid: if it did get through, the server says so. */
  retry: (state, { cid }) => ({
    ...state,
    outbox: state.outbox.map((e) => (e.cid === cid ? { ...e, failed: false, error: null } : e)),
  }),

  /** The page joins (again) as `name`. */
  rename: (state, { name }) => ({ ...state, name, joined: false, nameError: null }),

  disconnected: (state) => ({ ...state, joined: false }),

  /** Pending messages that will not be resent by themselves (e.g. the server closed with 1009). */
  unsent: (state, { error }) => ({
    ...state,
    outbox: state.outbox.map((e) => (e.failed ? e : { ...e, failed: true, error })),
  }),

  dismissNotice: (state) => ({ ...state, notice: null }),
};

/** One received message (live or replayed) applied. */
function receive(state, message) {
  const lastId = Math.max(state.lastId, message.id);
  const known = state.entries.find((entry) => entry.id === message.id);
  if (known) {
    // A replay of a message already shown; if only its ack had come, take the server's time now.
    if (!known.provisional) return { ...state, lastId };
    const confirmed = { ...known, ts: message.ts ?? known.ts, from: message.from, provisional: false };
    return { ...state, lastId, entries: state.entries.map((e) => (e === known ? confirmed : e)) };
  }
  const pending = message.cid === null ? undefined : state.outbox.find((entry) => entry.cid === message.cid);
  const entry = {
    kind: "message",
    key: pending ? pending.key : `id-${message.id}`,
    id: message.id,
    order: message.id,
    ts: message.ts,
    from: message.from,
    text: message.text,
    cid: message.cid,
    own: Boolean(pending) || (message.from !== null && message.from === state.name),
    provisional: false,
  };
  const outbox = pending ? state.outbox.filter((e) => e !== pending) : state.outbox;
  return { ...state, lastId, outbox, entries: trim(insertByOrder(state.entries, entry)) };
}

/** `entries` with `entry` placed by its order; messages almost always arrive in order, so search from the end. */
function insertByOrder(entries, entry) {
  let at = entries.length;
  while (at > 0 && entries[at - 1].order > entry.order) at -= 1;
  return [...entries.slice(0, at), entry, ...entries.slice(at)];
}

function trim(entries) {
  return entries.length > MAX_ENTRIES ? entries.slice(entries.length - MAX_ENTRIES) : entries;
}

function outboxItem(entry, name) {
  return {
    kind: "message",
    key: entry.key,
    id: null,
    ts: entry.ts,
    from: name,
    text: entry.text,
    cid: entry.cid,
    own: true,
    pending: !entry.failed,
    failed: entry.failed,
    error: entry.error,
  };
}

function sortedNames(names) {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
