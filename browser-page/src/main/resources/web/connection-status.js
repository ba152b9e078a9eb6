// What the status line says, and what the page does after a close. `state` is what tests query
// (data-state: connecting | open | reconnecting | closed); `text` is what people read.

/** From the moment the first connection attempt starts until the room is joined. */
export const CONNECTING = Object.freeze({ state: "connecting", text: "connecting…" });

/** The socket is open and the join is on its way. */
export const JOINING = Object.freeze({ state: "connecting", text: "joining…" });

/** The socket is open, but the page waits for a (new) name before it can join. */
export const NEEDS_NAME = Object.freeze({ state: "connecting", text: "choose a name to join" });

/** Joined: messages can be sent. */
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

// Closes that would only happen again: the page sent something the server refuses on principle.
// (1000 is the page's own close, or a server that meant it.)
const FINAL_CODES = new Set([1000, 1003, 1007]);

/** A reconnect is scheduled in `seconds` (0 while the attempt is under way); `why` says what was lost. */
export function reconnectingStatus(seconds, why = "") {
  const when = seconds > 0 ? `reconnecting in ${seconds}s` : "reconnecting…";
  return Object.freeze({ state: "reconnecting", text: why ? `${when} (${why})` : when });
}

/**
 * The status after the socket closed, when the page is not reconnecting. `opened` tells whether it
 * was ever open: a handshake that is refused (for example HTTP 403 for a foreign origin) reaches the
 * page only as a bare 1006 close.
 */
export function closedStatus({ code, reason = "", opened }) {
  if (!opened) return closed("disconnected (could not connect)");
  const detail = closeDetail(code, reason);
  if (!detail) return closed("disconnected");
  return closed(`disconnected (${detail})`);
}

/**
 * What to do after a close: `{reconnect: true, why}` or `{reconnect: false, status}`; `unsent` says that
 * pending messages must not simply be resent. `everOpened` tells whether any connection of this page
 * has opened: a first connection that is refused is reported, not retried in the background, while a
 * server that is restarting refuses a reconnect for a while and is worth waiting for.
 */
export function afterClose({ code, reason = "", opened, everOpened }) {
  if (!opened) {
    return everOpened
      ? { reconnect: true, why: "could not connect", unsent: false }
      : { reconnect: false, status: closedStatus({ code, reason, opened }), unsent: false };
  }
  // 1008 "slow consumer" is the network's fault and worth a retry; "too many errors" would be earned again.
  const final = FINAL_CODES.has(code) || (code === 1008 && reason !== "slow consumer");
  if (final) return { reconnect: false, status: closedStatus({ code, reason, opened }), unsent: false };
  // 1009: something we sent was over the server's limit; resending it would close the next connection too.
  return { reconnect: true, why: closeDetail(code, reason), unsent: code === 1009 };
}

function closeDetail(code, reason) {
  const detail = reason || CLOSE_CODE_NAMES.get(code) || "";
  if (!detail && UNREMARKABLE_CODES.has(code)) return "";
  return [code, detail].filter(Boolean).join(" ");
}

function closed(text) {
  return Object.freeze({ state: "closed", text });
}
