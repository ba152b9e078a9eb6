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
