// What each list item says and which classes it has, from a chat-state.js item. Pure, so the words and
// classes the end-to-end tests look for are pinned by unit tests; dom-render.js puts them in the page.

/** The notice shown where the server no longer had messages the page missed. */
export const GAP_TEXT = "some earlier messages were missed";

/** The sender shown for a message from a plain (nameless) client. */
export const ANONYMOUS = "anonymous";

/**
 * The view of one item:
 *   {key, className, id, cid, from, time, datetime, text, mark, retry}
 * `mark` is the visible state of an own message ("sending…", "not sent: …"), `retry` whether it gets
 * a retry button.
 */
export function messageView(item) {
  if (item.kind === "gap") {
    const none = { id: null, cid: null, from: "", time: "", datetime: "", mark: "", retry: false };
    return { ...none, key: item.key, className: "gap", text: GAP_TEXT };
  }
  const classes = ["message"];
  if (item.own) classes.push("own");
  if (item.pending) classes.push("pending");
  if (item.failed) classes.push("failed");
  return {
    key: item.key,
    className: classes.join(" "),
    id: item.id,
    cid: item.cid,
    from: item.from ?? ANONYMOUS,
    time: clockTime(item.ts),
    datetime: Number.isFinite(item.ts) ? new Date(item.ts).toISOString() : "",
    text: item.text,
    mark: item.failed ? (item.error ? `not sent: ${item.error}` : "not sent") : item.pending ? "sending…" : "",
    retry: Boolean(item.failed),
  };
}

/** Local wall-clock time of `ts` (ms since the epoch) as HH:MM, or "" when unknown. */
export function clockTime(ts) {
  if (!Number.isFinite(ts)) return "";
  const at = new Date(ts);
  return `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}`;
}

/** The heading of the online list, e.g. "Online (3)". */
export function onlineHeading(names) {
  return `Online (${names.length})`;
}

function twoDigits(n) {
  return String(n).padStart(2, "0");
}
