// What the status line says for each connection state. `state` is what tests query (data-state);
// `text` is what people read.

/** Shown from the moment a connection attempt starts until it opens or fails. */
export const CONNECTING = Object.freeze({ state: "connecting", text: "connecting…" });

/** Shown while the socket is open and messages can be sent. */
export const OPEN = Object.freeze({ state: "open", text: "connected" });

// Said when a close carries no reason of its own, for codes a user can act on or report.
const CLOSE_CODE_NAMES = new Map([
  [1001, "server going away"],
  [1006, "connection lost"],
  [1008, "policy violation"],
  [1009, "message too big"],
  [1011, "server error"],
  [1013, "try again later"],
]);

// A normal close, or one without a status code, is not worth explaining.
const UNREMARKABLE_CODES = new Set([1000, 1005]);

/**
 * The status after the socket closed. `opened` tells whether it was ever open: a handshake that is
 * refused (for example HTTP 403 for a foreign origin) reaches the page only as a bare 1006 close.
 */
export function closedStatus({ code, reason = "", opened }) {
  if (!opened) return closed("disconnected (could not connect)");
  const detail = reason || CLOSE_CODE_NAMES.get(code) || "";
  if (!detail && UNREMARKABLE_CODES.has(code)) return closed("disconnected");
  return closed(`disconnected (${[code, detail].filter(Boolean).join(" ")})`);
}

function closed(text) {
  return Object.freeze({ state: "closed", text });
}
