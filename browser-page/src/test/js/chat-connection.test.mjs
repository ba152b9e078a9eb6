import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import { Backoff } from "../../main/resources/web/backoff.js";
import { ChatConnection, JOIN_ANSWER_MS, NO_ANSWER } from "../../main/resources/web/chat-connection.js";
import { FakeClock } from "./support/fake-clock.mjs";
import { FakeSocket } from "./support/fake-socket.mjs";

const WELCOME = { type: "welcome", room: "lobby", name: "al", online: ["al"], lastId: 0 };

/** A connection on fake sockets and time, recording every status and message; jitter pinned to the ceiling. */
function connect({ url = "ws://h:1/", name = "al", random = () => 0.999999 } = {}) {
  const clock = new FakeClock();
  const joins = { name };
  const chat = new ChatConnection(url, {
    joinFrame: () => (joins.name ? JSON.stringify({ type: "join", name: joins.name }) : null),
    WebSocketImpl: FakeSocket,
    timers: clock,
    now: clock.now,
    backoff: new Backoff({ random }),
  });
  const statuses = [];
  const messages = [];
  const closes = [];
  chat.addEventListener("status", (e) => statuses.push(`${e.detail.state}: ${e.detail.text}`));
  chat.addEventListener("message", (e) => messages.push(e.detail));
  chat.addEventListener("closed", (e) => closes.push(e.detail));
  chat.connect();
  return { chat, clock, joins, statuses, messages, closes };
}

/** Opens the latest socket and lets the server welcome the join. */
function joinLatest() {
  FakeSocket.last.serverOpens();
  FakeSocket.last.serverSends(WELCOME);
}

describe("ChatConnection", () => {
  beforeEach(() => FakeSocket.reset());

  it("asks for chat.v1 on the URL it was given", () => {
    connect({ url: "ws://h:1/rooms/foo" });
    assert.equal(FakeSocket.last.url, "ws://h:1/rooms/foo");
    assert.equal(FakeSocket.last.protocol, "chat.v1");
  });

  it("joins on open and is open once welcomed", () => {
    const { chat, statuses } = connect();
    assert.equal(chat.status.state, "connecting");
    FakeSocket.last.serverOpens();
    assert.deepEqual(FakeSocket.last.frames, [{ type: "join", name: "al" }]);
    assert.equal(chat.joined, false);
    FakeSocket.last.serverSends(WELCOME);
    assert.equal(chat.joined, true);
    assert.deepEqual(statuses, ["connecting: joining…", "open: connected"]);
  });

  it("waits for a name before joining, and joins when asked", () => {
    const { chat, joins } = connect({ name: null });
    FakeSocket.last.serverOpens();
    assert.deepEqual(FakeSocket.last.sent, []);
    assert.equal(chat.status.text, "choose a name to join");
    joins.name = "al";
    assert.equal(chat.join(), true);
    assert.deepEqual(FakeSocket.last.frames, [{ type: "join", name: "al" }]);
  });

  it("passes parsed server messages on and ignores what it cannot parse", () => {
    const { messages } = connect();
    joinLatest();
    FakeSocket.last.serverSends("not json");
    FakeSocket.last.serverSends(new ArrayBuffer(4));
    FakeSocket.last.serverSends({ type: "message", id: 1, ts: 2, from: null, text: "<img src=x onerror=alert(1)>" });
    assert.deepEqual(messages.map((m) => m.type), ["welcome", "message"]);
    assert.equal(messages[1].text, "<img src=x onerror=alert(1)>");
  });

  it("sends only while joined", () => {
    const { chat } = connect();
    assert.equal(chat.send("x"), false);
    FakeSocket.last.serverOpens();
    assert.equal(chat.send("x"), false, "not before welcome");
    FakeSocket.last.serverSends(WELCOME);
    assert.equal(chat.send('{"type":"send"}'), true);
    assert.deepEqual(FakeSocket.last.sent.at(-1), '{"type":"send"}');
  });

  it("is not joined after a name error, and sends the next join on the same socket", () => {
    const { chat } = connect();
    FakeSocket.last.serverOpens();
    FakeSocket.last.serverSends({ type: "error", code: "name_taken", message: "taken" });
    assert.equal(chat.status.text, "choose a name to join");
    assert.equal(chat.join(), true);
    assert.equal(FakeSocket.made.length, 1);
    assert.equal(FakeSocket.last.sent.length, 2);
  });

  it("counts down and reconnects with backoff after a lost connection, then joins again", () => {
    const { chat, clock, statuses, closes } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1006);
    assert.equal(chat.joined, false);
    assert.deepEqual(closes, [{ unsent: false }]);
    // first delay: just under 500 ms
    assert.equal(chat.status.text, "reconnecting in 1s (1006 connection lost)");
    clock.advance(498);
    assert.equal(FakeSocket.made.length, 1);
    clock.advance(1);
    assert.equal(FakeSocket.made.length, 2);
    assert.equal(chat.status.text, "reconnecting… (1006 connection lost)");
    joinLatest();
    assert.equal(statuses.at(-1), "open: connected");
  });

  it("grows the delay while reconnects keep failing, and shows seconds ticking", () => {
    const { chat, clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1006); // delay 499
    clock.advance(499);
    FakeSocket.last.serverCloses(1006); // refused: delay 999
    clock.advance(999);
    FakeSocket.last.serverCloses(1006); // delay 1999
    assert.equal(chat.status.text, "reconnecting in 2s (could not connect)");
    clock.advance(1000);
    assert.equal(chat.status.text, "reconnecting in 1s (could not connect)");
    assert.equal(FakeSocket.made.length, 3);
    clock.advance(999);
    assert.equal(FakeSocket.made.length, 4);
  });

  it("starts from the shortest delay again after a connection that lasted 10 s", () => {
    const { clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1006);
    clock.advance(499);
    FakeSocket.last.serverCloses(1006);
    clock.advance(999); // third socket
    joinLatest();
    clock.advance(10_000);
    FakeSocket.last.serverCloses(1001, "server shutting down");
    clock.advance(498);
    assert.equal(FakeSocket.made.length, 3);
    clock.advance(1);
    assert.equal(FakeSocket.made.length, 4);
  });

  it("reconnects after 1008 slow consumer", () => {
    const { chat, clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1008, "slow consumer");
    assert.equal(chat.status.state, "reconnecting");
    clock.advance(500);
    assert.equal(FakeSocket.made.length, 2);
  });

  it("reconnects after 1013, which a node that fell behind sends so that its members resume", () => {
    const { chat, clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1013, "fell behind, resume");
    assert.equal(chat.status.state, "reconnecting");
    clock.advance(500);
    assert.equal(FakeSocket.made.length, 2);
  });

  it("stays closed after 1008 too many errors, showing the reason", () => {
    const { chat, clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1008, "too many errors");
    clock.advance(60_000);
    assert.equal(FakeSocket.made.length, 1);
    assert.equal(chat.status.text, "disconnected (1008 too many errors)");
  });

  it("tells the client not to resend blindly after 1009", () => {
    const { closes } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1009);
    assert.deepEqual(closes, [{ unsent: true }]);
  });

  it("reports a refused first handshake as could not connect and does not retry by itself", () => {
    const { chat, clock, statuses } = connect();
    FakeSocket.last.serverCloses(1006);
    clock.advance(60_000);
    assert.deepEqual(statuses, ["closed: disconnected (could not connect)"]);
    assert.equal(FakeSocket.made.length, 1);
    chat.connect();
    assert.equal(FakeSocket.made.length, 2, "connect() tries again");
    assert.equal(chat.status.state, "connecting");
  });

  it("reports a URL the browser rejects as could not connect instead of throwing", () => {
    class Rejecting {
      constructor() {
        throw new SyntaxError("The URL 'ws:///' is invalid.");
      }
    }
    const chat = new ChatConnection("ws:///", { joinFrame: () => null, WebSocketImpl: Rejecting });
    chat.connect();
    assert.deepEqual(chat.status, { state: "closed", text: "disconnected (could not connect)" });
  });

  it("restarts on a new socket and ignores the old one's late events", () => {
    const { chat, clock, messages } = connect();
    joinLatest();
    const old = FakeSocket.last;
    chat.restart();
    assert.equal(old.closedWith, 1000);
    assert.equal(FakeSocket.made.length, 2);
    old.serverSends({ type: "message", id: 9, ts: 1, from: null, text: "late" });
    old.serverCloses(1000);
    clock.advance(60_000);
    assert.equal(FakeSocket.made.length, 2, "the old close schedules nothing");
    assert.ok(!messages.some((m) => m.text === "late"));
    joinLatest();
    assert.equal(chat.joined, true);
  });

  it("connects afresh on connect() while connected, closing the old socket rather than leaking it", () => {
    const { chat } = connect();
    joinLatest();
    chat.connect();
    assert.equal(FakeSocket.made[0].closedWith, 1000);
    assert.equal(FakeSocket.made.length, 2);
    assert.equal(chat.joined, false);
  });

  it("ignores a dropped socket that opens late: it does not count as having connected", () => {
    const { chat } = connect();
    const old = FakeSocket.last;
    chat.restart();
    old.serverOpens();
    assert.deepEqual(old.sent, []);
    FakeSocket.last.serverCloses(1006); // the new one is refused: still a first connection that failed
    assert.deepEqual(chat.status, { state: "closed", text: "disconnected (could not connect)" });
  });

  it("gives a join no welcome answers up after a few seconds, says so, and joins on a new socket", () => {
    const { chat, clock, closes } = connect();
    FakeSocket.last.serverOpens();
    clock.advance(JOIN_ANSWER_MS - 1);
    assert.equal(chat.status.text, "joining…", "still waiting");
    assert.equal(FakeSocket.made.length, 1);
    clock.advance(1);
    assert.equal(FakeSocket.made[0].closedWith, NO_ANSWER);
    assert.equal(chat.status.state, "reconnecting");
    assert.equal(chat.status.text, "reconnecting in 1s (no answer to join)");
    assert.deepEqual(closes, [{ unsent: false }], "pending messages wait for the next join");
    clock.advance(499);
    assert.equal(FakeSocket.made.length, 2);
    joinLatest();
    assert.equal(chat.joined, true);
    assert.equal(clock.pending, 0, "a welcome stops the clock");
  });

  it("keeps retrying while joins go unanswered, backing off", () => {
    const { clock } = connect();
    FakeSocket.last.serverOpens();
    clock.advance(JOIN_ANSWER_MS + 499); // given up, then reconnected
    FakeSocket.last.serverOpens();
    clock.advance(JOIN_ANSWER_MS);
    assert.equal(FakeSocket.made[1].closedWith, NO_ANSWER);
    clock.advance(998);
    assert.equal(FakeSocket.made.length, 2, "the second delay is longer");
    clock.advance(1);
    assert.equal(FakeSocket.made.length, 3);
  });

  it("gives up an unanswered join after an error that is not about the name, too", () => {
    const { clock } = connect();
    FakeSocket.last.serverOpens();
    FakeSocket.last.serverSends({ type: "error", code: "unavailable", message: "try later" });
    clock.advance(JOIN_ANSWER_MS);
    assert.equal(FakeSocket.made[0].closedWith, NO_ANSWER);
  });

  it("does not time out while the page waits for the user to choose another name", () => {
    const { chat, clock } = connect();
    FakeSocket.last.serverOpens();
    FakeSocket.last.serverSends({ type: "error", code: "name_taken", message: "taken" });
    clock.advance(60_000);
    assert.equal(FakeSocket.made.length, 1);
    assert.equal(chat.status.text, "choose a name to join");
  });

  it("closes for good when asked, cancelling a pending reconnect", () => {
    const { chat, clock } = connect();
    joinLatest();
    FakeSocket.last.serverCloses(1006);
    chat.close();
    clock.advance(60_000);
    assert.equal(FakeSocket.made.length, 1);
    assert.equal(chat.status.state, "closed");
  });
});
