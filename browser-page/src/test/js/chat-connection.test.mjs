import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import { ChatConnection } from "../../main/resources/web/chat-connection.js";

/**
 * Stands in for the browser's WebSocket: Node 20 has no WebSocket server to talk to, and the real
 * page against the real server is the end-to-end tests' job. Tests drive the "server" side by hand.
 */
class FakeSocket extends EventTarget {
  static last = null;
  sent = [];
  closedWith = null;

  constructor(url) {
    super();
    this.url = url;
    FakeSocket.last = this;
  }

  send(text) {
    this.sent.push(text);
  }

  close(code) {
    this.closedWith = code;
  }

  serverOpens() {
    this.dispatchEvent(new Event("open"));
  }

  serverSends(data) {
    this.dispatchEvent(Object.assign(new Event("message"), { data }));
  }

  serverCloses(code, reason = "") {
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason }));
  }
}

/** Connects and records every status text and message the page would see. */
function connect(url = "ws://h:1/") {
  const chat = new ChatConnection(url, { WebSocketImpl: FakeSocket });
  const statuses = [];
  const messages = [];
  chat.addEventListener("status", (e) => statuses.push(`${e.detail.state}: ${e.detail.text}`));
  chat.addEventListener("message", (e) => messages.push(e.detail));
  chat.connect();
  return { chat, statuses, messages, socket: FakeSocket.last };
}

describe("ChatConnection", () => {
  beforeEach(() => {
    FakeSocket.last = null;
  });

  it("opens a socket to the URL it was given and reports connecting, then connected", () => {
    const { statuses, socket } = connect("ws://h:1/rooms/foo");
    assert.equal(socket.url, "ws://h:1/rooms/foo");
    assert.deepEqual(statuses, ["connecting: connecting…"]);
    socket.serverOpens();
    assert.deepEqual(statuses, ["connecting: connecting…", "open: connected"]);
  });

  it("does not send before the socket is open", () => {
    const { chat, socket } = connect();
    assert.equal(chat.send("too early"), false);
    assert.deepEqual(socket.sent, []);
  });

  it("sends text verbatim once open", () => {
    const { chat, socket } = connect();
    socket.serverOpens();
    assert.equal(chat.send("  <b>hi</b>  "), true);
    assert.deepEqual(socket.sent, ["  <b>hi</b>  "]);
  });

  it("passes received text on unchanged and ignores binary frames", () => {
    const { messages, socket } = connect();
    socket.serverOpens();
    socket.serverSends("<img src=x onerror=alert(1)>");
    socket.serverSends(new ArrayBuffer(4));
    socket.serverSends("second");
    assert.deepEqual(messages, ["<img src=x onerror=alert(1)>", "second"]);
  });

  it("reports the server's close code and reason and stops sending", () => {
    const { chat, statuses, socket } = connect();
    socket.serverOpens();
    socket.serverCloses(1008, "slow consumer");
    assert.equal(statuses.at(-1), "closed: disconnected (1008 slow consumer)");
    assert.equal(chat.send("after close"), false);
    assert.deepEqual(socket.sent, []);
  });

  it("reports a refused handshake as could not connect", () => {
    const { statuses, socket } = connect();
    socket.serverCloses(1006);
    assert.deepEqual(statuses, ["connecting: connecting…", "closed: disconnected (could not connect)"]);
  });

  it("reports a URL the browser rejects as could not connect instead of throwing", () => {
    class Rejecting {
      constructor() {
        throw new SyntaxError("The URL 'ws:///' is invalid.");
      }
    }
    const chat = new ChatConnection("ws:///", { WebSocketImpl: Rejecting });
    chat.connect();
    assert.deepEqual(chat.status, { state: "closed", text: "disconnected (could not connect)" });
  });

  it("closes normally when asked", () => {
    const { chat, socket } = connect();
    socket.serverOpens();
    chat.close();
    assert.equal(socket.closedWith, 1000);
  });
});
