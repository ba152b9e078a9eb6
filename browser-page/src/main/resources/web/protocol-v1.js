// The chat.v1 wire format (docs/PROTOCOL.md): frames the page sends, checks on what it receives,
// and the name rule the server applies. Pure functions, so they run under Node too.

/** The WebSocket subprotocol the page asks for. */
export const SUBPROTOCOL = "chat.v1";

/** The server's default --max-message-size: a bigger frame gets the connection closed with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

// The server's rule, character for character: 1-32 letters, digits, spaces, '-', '_' or '.', no space at
// either end. With the u flag \p{L} is any script's letter and lengths count code points, as in Java's regex.
const NAME = /^[\p{L}\p{N}_.-](?:[\p{L}\p{N} _.-]{0,30}[\p{L}\p{N}_.-])?$/u;
const NAME_CHARS = /^[\p{L}\p{N} _.-]*$/u;
const MAX_NAME_CHARS = 32;

/** Why `name` would be refused by the server (a sentence for people), or null when it is fine. */
export function nameProblem(name) {
  if (typeof name !== "string" || name.length === 0) return "Please enter a name.";
  if ([...name].length > MAX_NAME_CHARS) return `A name has at most ${MAX_NAME_CHARS} characters.`;
  if (!NAME_CHARS.test(name)) return "Use only letters, digits, spaces, - _ and .";
  if (!NAME.test(name)) return "A name cannot start or end with a space.";
  return null;
}

/** Whether the server accepts `name`. */
export function isValidName(name) {
  return nameProblem(name) === null;
}

/** The `join` frame; `key` and `since` are left out when not given. */
export function joinFrame({ name, key, since }) {
  const join = { type: "join", name };
  if (key != null) join.key = key;
  if (since != null) join.since = since;
  return JSON.stringify(join);
}

/** The `send` frame. */
export function sendFrame({ cid, text }) {
  return JSON.stringify({ type: "send", cid, text });
}

/** The size the server measures a frame by: its UTF-8 bytes. */
export function frameBytes(frame) {
  return new TextEncoder().encode(frame).length;
}

/**
 * A server frame as a checked object, or null when it is not one the page understands (not JSON, an
 * unknown type, a field of the wrong type). Ignoring such frames keeps one odd frame from breaking the page.
 */
export function parseServerMessage(data) {
  if (typeof data !== "string") return null;
  let raw;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(raw)) return null;
  const parse = PARSERS[raw.type];
  return parse ? parse(raw) : null;
}

const PARSERS = {
  welcome: (m) =>
    isString(m.name) && isNameList(m.online) && isId(m.lastId)
      ? { type: "welcome", room: isString(m.room) ? m.room : null, name: m.name, online: m.online, lastId: m.lastId }
      : null,
  history: (m) =>
    Array.isArray(m.messages)
      ? { type: "history", messages: m.messages.map(chatMessage).filter(Boolean), gap: m.gap === true }
      : null,
  message: (m) => chatMessage(m),
  ack: (m) =>
    isString(m.cid) && isId(m.id) ? { type: "ack", cid: m.cid, id: m.id, duplicate: m.duplicate === true } : null,
  // Small rooms send each join or leave with the online list after it; large rooms gather changes
  // into one "changes" event naming who is online now and who is not.
  presence: (m) => {
    if (m.event === "changes") {
      return isNameList(m.joined) && isNameList(m.left)
        ? { type: "presence", event: "changes", joined: m.joined, left: m.left, online: null }
        : null;
    }
    return isString(m.name) && (m.event === "join" || m.event === "leave") && (m.online === undefined || isNameList(m.online))
      ? { type: "presence", event: m.event, name: m.name, online: m.online === undefined ? null : m.online }
      : null;
  },
  error: (m) =>
    isString(m.code)
      ? {
          type: "error",
          code: m.code,
          message: isString(m.message) ? m.message : m.code,
          cid: isString(m.cid) ? m.cid : null,
        }
      : null,
};

/** A chat message, alone or inside `history` (where it has no `type`). */
function chatMessage(m) {
  if (!isObject(m) || !isId(m.id) || !isString(m.text)) return null;
  if (m.from !== null && m.from !== undefined && !isString(m.from)) return null;
  return {
    type: "message",
    id: m.id,
    ts: Number.isFinite(m.ts) ? m.ts : null,
    from: isString(m.from) ? m.from : null,
    text: m.text,
    cid: isString(m.cid) ? m.cid : null,
  };
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isString(value) {
  return typeof value === "string";
}

function isId(value) {
  return Number.isSafeInteger(value) && value >= 0;
}

function isNameList(value) {
  return Array.isArray(value) && value.every(isString);
}
