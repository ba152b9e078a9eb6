// One chat.v1 connection to a room that stays up: it joins on open, and after a close it reconnects
// with backoff when that can help; a join the server does not answer within JOIN_ANSWER_MS is given up
// the same way. The page sees three kinds of event:
//   "status"  detail {state, text} from connection-status.js
//   "message" detail: a parsed server message (protocol-v1.js)
//   "closed"  detail {unsent}: the socket closed; `unsent` when pending messages must not be resent

import { Backoff } from "./backoff.js";
import { CONNECTING, JOINING, NEEDS_NAME, OPEN, afterClose, reconnectingStatus } from "./connection-status.js";
import { SUBPROTOCOL, parseServerMessage } from "./protocol-v1.js";

const ONE_SECOND = 1000;

/** How long a join may wait for its welcome (or a name error) before the socket is given up and opened anew. */
export const JOIN_ANSWER_MS = 5000;

/** The close code the page uses for a socket whose join was never answered (4000-4999 are the application's). */
export const NO_ANSWER = 4000;

/**
 * A self-healing chat.v1 connection. `joinFrame()` gives the join to send (or null while there is no
 * name); it is asked on every open, so a reconnect resumes from the latest message.
 *
 *   const chat = new ChatConnection(url, { joinFrame: () => joinFrame({ name, key, since }) });
 *   chat.addEventListener("message", (e) => handle(e.detail));
 *   chat.connect();
 */
export class ChatConnection extends EventTarget {
  #url;
  #joinFrame;
  #WebSocket;
  #timers;
  #now;
  #backoff;
  #socket = null;
  #joined = false;
  #everOpened = false;
  #status = CONNECTING;
  #reconnectTimer = null;
  #joinTimer = null;

  /** `WebSocketImpl`, `timers`, `now` and `backoff` are for tests; the page uses the browser's. */
  constructor(
    url,
    {
      joinFrame,
      WebSocketImpl = globalThis.WebSocket,
      timers = globalThis,
      now = () => Date.now(),
      backoff = new Backoff(),
    },
  ) {
    super();
    this.#url = url;
    this.#joinFrame = joinFrame;
    this.#WebSocket = WebSocketImpl;
    this.#timers = timers;
    this.#now = now;
    this.#backoff = backoff;
  }

  /** The current {state, text}. */
  get status() {
    return this.#status;
  }

  /** Whether the room is joined, so sends go through. */
  get joined() {
    return this.#joined;
  }

  /** Opens a connection now (the first one, "reconnect" pressed); a current socket or scheduled reconnect is dropped. */
  connect() {
    this.#drop();
    this.#open(CONNECTING);
  }

  /** Sends the join if the socket is open and not joined yet (a name was chosen, or a new one after an error). */
  join() {
    if (!this.#socket || this.#socket.readyState !== 1 || this.#joined) return false;
    const frame = this.#joinFrame();
    if (frame === null) {
      this.#setStatus(NEEDS_NAME);
      return false;
    }
    this.#setStatus(JOINING);
    this.#socket.send(frame);
    this.#cancelJoinTimer();
    this.#joinTimer = this.#timers.setTimeout(() => this.#joinUnanswered(), JOIN_ANSWER_MS);
    return true;
  }

  /** Joins afresh on a new socket (a new name); the old socket is closed and forgotten. */
  restart() {
    this.connect();
  }

  /** Sends a frame if the room is joined; returns whether it was sent. */
  send(frame) {
    if (!this.#joined) return false;
    this.#socket.send(frame);
    return true;
  }

  /** Closes for good: no reconnect follows. */
  close() {
    this.#drop();
    this.#setStatus(Object.freeze({ state: "closed", text: "disconnected" }));
  }

  #open(status) {
    this.#setStatus(status);
    let socket;
    try {
      socket = new this.#WebSocket(this.#url, SUBPROTOCOL);
    } catch {
      // A URL the browser rejects outright, e.g. a page opened from file://, where there is no host.
      this.#closed(null, { code: 1006, reason: "", opened: false });
      return;
    }
    this.#socket = socket;
    let opened = false;
    // Events of a socket the page has moved on from (restart, close) are ignored.
    const current = () => this.#socket === socket;
    socket.addEventListener("open", () => {
      if (!current()) return;
      opened = true;
      this.#everOpened = true;
      this.#backoff.opened(this.#now());
      this.join();
    });
    socket.addEventListener("message", (event) => {
      if (!current()) return;
      const message = parseServerMessage(event.data);
      if (message) this.#received(message);
    });
    socket.addEventListener("close", (event) => {
      if (!current()) return;
      this.#closed(socket, { code: event.code, reason: event.reason, opened });
    });
  }

  #received(message) {
    if (message.type === "welcome") {
      this.#cancelJoinTimer();
      this.#joined = true;
      this.#setStatus(OPEN);
    } else if (message.type === "error" && (message.code === "name_taken" || message.code === "name_invalid")) {
      // Answered: the next join waits for a name the user chooses, not for the clock.
      this.#cancelJoinTimer();
      this.#setStatus(NEEDS_NAME);
    }
    this.dispatchEvent(new CustomEvent("message", { detail: message }));
  }

  /** The server never answered the join (stuck, or lost it): drop this socket and try a new one. */
  #joinUnanswered() {
    this.#joinTimer = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(NO_ANSWER, "no answer to join");
    this.#backoff.closed(this.#now());
    this.#joined = false;
    this.dispatchEvent(new CustomEvent("closed", { detail: { unsent: false } }));
    this.#scheduleReconnect(this.#backoff.next(), "no answer to join");
  }

  #cancelJoinTimer() {
    if (this.#joinTimer !== null) this.#timers.clearTimeout(this.#joinTimer);
    this.#joinTimer = null;
  }

  #closed(socket, { code, reason, opened }) {
    this.#cancelJoinTimer();
    if (socket) this.#backoff.closed(this.#now());
    this.#socket = null;
    this.#joined = false;
    const next = afterClose({ code, reason, opened, everOpened: this.#everOpened });
    this.dispatchEvent(new CustomEvent("closed", { detail: { unsent: next.unsent } }));
    if (next.reconnect) {
      this.#scheduleReconnect(this.#backoff.next(), next.why);
    } else {
      this.#setStatus(next.status);
    }
  }

  /** Counts down in whole seconds on the status line, then opens. */
  #scheduleReconnect(delay, why) {
    const due = this.#now() + delay;
    const tick = () => {
      const left = due - this.#now();
      if (left <= 0) {
        this.#reconnectTimer = null;
        this.#open(reconnectingStatus(0, why));
        return;
      }
      this.#setStatus(reconnectingStatus(Math.ceil(left / ONE_SECOND), why));
      this.#reconnectTimer = this.#timers.setTimeout(tick, left % ONE_SECOND || ONE_SECOND);
    };
    tick();
  }

  #cancelReconnect() {
    if (this.#reconnectTimer !== null) this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #drop() {
    this.#cancelReconnect();
    this.#cancelJoinTimer();
    const socket = this.#socket;
    this.#socket = null;
    this.#joined = false;
    socket?.close(1000);
  }

  #setStatus(status) {
    if (this.#status === status) return;
    this.#status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }
}
