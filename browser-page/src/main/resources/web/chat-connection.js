// One WebSocket to the chat server, seen by the page as two kinds of event:
//   "status"  detail {state, text} from connection-status.js
//   "message" detail: the text received
// Reconnecting and the JSON subprotocol belong here later; the page only listens to these events.

import { CONNECTING, OPEN, closedStatus } from "./connection-status.js";

/**
 * A plain-text chat connection.
 *
 *   const chat = new ChatConnection(socketUrl(window.location));
 *   chat.addEventListener("message", (e) => show(e.detail));
 *   chat.connect();
 *   chat.send("hello");
 */
export class ChatConnection extends EventTarget {
  #url;
  #WebSocket;
  #socket = null;
  #status = CONNECTING;

  /** `WebSocketImpl` is for tests only; the page uses the browser's WebSocket. */
  constructor(url, { WebSocketImpl = globalThis.WebSocket } = {}) {
    super();
    this.#url = url;
    this.#WebSocket = WebSocketImpl;
  }

  /** The current {state, text}. */
  get status() {
    return this.#status;
  }

  /** Opens the socket; progress and failure arrive as "status" events. */
  connect() {
    this.#setStatus(CONNECTING);
    let opened = false;
    let socket;
    try {
      socket = new this.#WebSocket(this.#url);
    } catch {
      // A URL the browser rejects outright, e.g. a page opened from file://, where there is no host.
      this.#setStatus(closedStatus({ code: 1006, opened }));
      return;
    }
    this.#socket = socket;
    socket.addEventListener("open", () => {
      opened = true;
      this.#setStatus(OPEN);
    });
    socket.addEventListener("message", (event) => {
      // The plain-text protocol has no binary messages; ignore any rather than print "[object Blob]".
      if (typeof event.data === "string") {
        this.dispatchEvent(new CustomEvent("message", { detail: event.data }));
      }
    });
    socket.addEventListener("close", (event) => {
      this.#socket = null;
      this.#setStatus(closedStatus({ code: event.code, reason: event.reason, opened }));
    });
  }

  /** Sends `text` if the socket is open; returns whether it was sent. */
  send(text) {
    if (this.#status !== OPEN) return false;
    this.#socket.send(text);
    return true;
  }

  /** Closes the socket normally; a "status" event follows when it has closed. */
  close() {
    this.#socket?.close(1000);
  }

  #setStatus(status) {
    this.#status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }
}
