// Where the page's WebSocket goes, derived from where the page was loaded.
// Pure functions of a Location-like object ({protocol, host, pathname}), so they run under Node too.

// The server serves this page at "/" and at "/rooms/{name}"; only the latter names a room.
const ROOM_PATH = /^\/rooms\/([^/]+)\/?$/;

/** The ws: or wss: URL for the room the page at `location` belongs to. */
export function socketUrl(location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const match = ROOM_PATH.exec(location.pathname);
  // Anything that is not a room page (/, /index.html) is the default room.
  const path = match ? `/rooms/${match[1]}` : "/";
  return `${scheme}//${location.host}${path}`;
}

/** The decoded room name of the page at `location`, or null for the default room. */
export function roomName(location) {
  const match = ROOM_PATH.exec(location.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1]; // a malformed %-escape: show it as typed rather than fail
  }
}

/** The room `/` stands for. */
export const DEFAULT_ROOM = "lobby";

// The server's rule for room names: 1-64 of A-Z a-z 0-9 - _ . and not starting with a dot.
const ROOM_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** Why the server would not serve room `name` (a sentence for people), or null when it would. */
export function roomNameProblem(name) {
  if (name.length === 0) return "Please enter a room name.";
  if (name.length > 64) return "A room name has at most 64 characters.";
  if (name.startsWith(".")) return "A room name cannot start with a dot.";
  if (!ROOM_NAME.test(name)) return "Use only letters A-Z, digits, - _ and . in a room name.";
  return null;
}

/** The page path of room `name`: "/" for the default room, "/rooms/{name}" for the others. */
export function roomPath(name) {
  return name === DEFAULT_ROOM ? "/" : `/rooms/${encodeURIComponent(name)}`;
}
