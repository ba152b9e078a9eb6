// The chat as the page uses it: a connection, the room's state and who we are, kept in step. The page
// calls setName / send / retry and renders on "change"; this is where "resend what was not acknowledged
// after every join" lives, so no message is lost or doubled across reconnects.
//   "change" detail: the new state (chat-state.js)
//   "status" detail {state, text} (connection-status.js)

import { ChatConnection } from "./chat-connection.js";
import { apply, initialState, resumeFrom, unsent } from "./chat-state.js";
import { CidSource } from "./identity.js";
import { isSendable } from "./outgoing.js";
import { MAX_FRAME_BYTES, frameBytes, joinFrame, nameProblem, sendFrame } from "./protocol-v1.js";

/**
 * One room's chat for one identity (identity.js).
 *
 *   const client = new ChatClient(socketUrl(location), { identity: new Identity(localStorage) });
 *   client.addEventListener("change", (e) => render(e.detail));
 *   client.start();
 *   client.send("hello");
 */
export class ChatClient extends EventTarget {
  #identity;
  #connection;
  #now;
  #cids = new CidSource();
  #state;

  /** `connection` options (WebSocketImpl, timers, backoff) and `now` are for tests. */
  constructor(url, { identity, now = () => Date.now(), connection = {} }) {
    super();
    this.#identity = identity;
    this.#now = now;
    this.#state = initialState({ name: identity.name });
    this.#connection = new ChatConnection(url, { now, ...connection, joinFrame: () => this.#joinFrame() });
    this.#connection.addEventListener("status", (e) => this.#emit("status", e.detail));
    this.#connection.addEventListener("message", (e) => this.#received(e.detail));
    this.#connection.addEventListener("closed", (e) => {
      this.#update({ type: "disconnected" });
      if (e.detail.unsent) this.#update({ type: "unsent", error: "the server found a message too big" });
    });
  }

  /** The room's state now. */
  get state() {
    return this.#state;
  }

  /** The connection's {state, text} now. */
  get status() {
    return this.#connection.status;
  }

  /** Connects; it joins as soon as there is a name. */
  start() {
    this.#connection.connect();
  }

  /** Connects again now: after the page gave up (closed), or instead of waiting out a reconnect delay. */
  reconnect() {
    this.#connection.connect();
  }

  /** Joins as `name` (first name, new name, or another try after "name taken"); returns a problem or null. */
  setName(name) {
    const problem = nameProblem(name);
    if (problem) return problem;
    if (name === this.#state.name && this.#connection.joined) return null;
    this.#identity.setName(name);
    this.#update({ type: "rename", name });
    if (this.#connection.joined) {
      this.#connection.restart();
    } else if (!this.#connection.join() && this.#connection.status.state === "closed") {
      this.#connection.connect();
    }
    return null;
  }

  /**
   * Shows `text` as pending and sends it now if joined, else on the next join. Returns a problem
   * (a sentence for people) or null.
   */
  send(text) {
    if (!isSendable(text)) return "Type a message first.";
    if (!this.#state.name) return "Choose a name first.";
    const cid = this.#cids.next();
    const frame = sendFrame({ cid, text });
    if (frameBytes(frame) > MAX_FRAME_BYTES) return "This message is too long to send.";
    this.#update({ type: "send", cid, text, ts: this.#now() });
    this.#connection.send(frame);
    return null;
  }

  /** Sends a failed message again, under its own cid. */
  retry(cid) {
    const entry = this.#state.outbox.find((e) => e.cid === cid && e.failed);
    if (!entry) return;
    this.#update({ type: "retry", cid });
    this.#connection.send(sendFrame({ cid, text: entry.text }));
  }

  /** Forgets the last error notice. */
  dismissNotice() {
    this.#update({ type: "dismissNotice" });
  }

  #received(message) {
    this.#update(message);
    if (message.type === "welcome") {
      // Everything not acknowledged, with the same cid: the server acks the ones it already has as
      // duplicates and broadcasts the rest, so each goes out exactly once.
      for (const { cid, text } of unsent(this.#state)) this.#connection.send(sendFrame({ cid, text }));
    }
  }

  #joinFrame() {
    const name = this.#state.name;
    if (!name) return null;
    return joinFrame({ name, key: this.#identity.keyFor(name), since: resumeFrom(this.#state) });
  }

  #update(event) {
    const next = apply(this.#state, event);
    if (next === this.#state) return;
    this.#state = next;
    this.#emit("change", next);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
