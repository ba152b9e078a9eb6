import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";

import { Backoff } from "../../main/resources/web/backoff.js";
import { ChatClient } from "../../main/resources/web/chat-client.js";
import { items } from "../../main/resources/web/chat-state.js";
import { Identity, memoryStorage } from "../../main/resources/web/identity.js";
import { FakeClock } from "./support/fake-clock.mjs";
import { FakeSocket } from "./support/fake-socket.mjs";

const welcome = (name = "alice", lastId = 0) => ({ type: "welcome", room: "lobby", name, online: [name], lastId });
const message = (id, text, extra = {}) => ({ type: "message", id, ts: 1000 + id, from: "bob", text, ...extra });

/** A client on fake sockets and time; `name` is what the storage remembers from an earlier visit. */
function start({ name = "alice" } = {}) {
  const storage = memoryStorage();
  const identity = new Identity(storage);
  if (name) identity.setName(name);
  const clock = new FakeClock();
  const client = new ChatClient("ws://h:1/rooms/r", {
    identity,
    now: clock.now,
    connection: { WebSocketImpl: FakeSocket, timers: clock, backoff: new Backoff({ random: () => 0 }) },
  });
  client.start();
  return { client, clock, identity };
}

/** Opens the latest socket, returns its join frame, and welcomes it with `history`. */
function join(history = [], { name = "alice", gap = false } = {}) {
  const socket = FakeSocket.last;
  socket.serverOpens();
  const joinFrame = socket.frames[0];
  socket.serverSends(welcome(name));
  socket.serverSends({ type: "history", messages: history, gap });
  return joinFrame;
}

/** The send frames the latest socket got. */
const sends = () => FakeSocket.last.frames.filter((f) => f.type === "send");

/** The list as "id:text" / "?text" (pending) / "!text" (failed). */
const shown = (client) =>
  items(client.state).map((i) => (i.failed ? `!${i.text}` : i.pending ? `?${i.text}` : `${i.id}:${i.text}`));

describe("ChatClient", () => {
  beforeEach(() => FakeSocket.reset());

  it("joins with the remembered name and its key, asking for history (no since) the first time", () => {
    const { identity } = start();
    const frame = join();
    assert.deepEqual(frame, { type: "join", name: "alice", key: identity.keyFor("alice") });
  });

  it("waits for a name on a first visit, then joins with it", () => {
    const { client, identity } = start({ name: null });
    FakeSocket.last.serverOpens();
    assert.deepEqual(FakeSocket.last.sent, []);
    assert.equal(client.setName("new person"), null);
    assert.equal(identity.name, "new person");
    assert.equal(FakeSocket.last.frames[0].name, "new person");
  });

  it("refuses a name the server would refuse, without sending it", () => {
    const { client } = start({ name: null });
    FakeSocket.last.serverOpens();
    assert.match(client.setName(" bad"), /space/);
    assert.deepEqual(FakeSocket.last.sent, []);
  });

  it("shows a name error and joins again on the same socket with the next name", () => {
    const { client } = start();
    FakeSocket.last.serverOpens();
    FakeSocket.last.serverSends({ type: "error", code: "name_taken", message: "alice is taken" });
    assert.equal(client.state.nameError, "alice is taken");
    client.setName("alice2");
    assert.equal(client.state.nameError, null);
    assert.deepEqual(FakeSocket.last.frames.map((f) => f.name), ["alice", "alice2"]);
    assert.equal(FakeSocket.made.length, 1);
  });

  it("sends with a cid, shows the message pending, and confirms it on ack", () => {
    const { client } = start();
    join([message(1, "hi")]);
    assert.equal(client.send("hello"), null);
    assert.deepEqual(shown(client), ["1:hi", "?hello"]);
    const [{ cid, text }] = sends();
    assert.equal(text, "hello");
    assert.match(cid, /^[\x21-\x7e]{1,64}$/);
    FakeSocket.last.serverSends({ type: "ack", cid, id: 2, duplicate: false });
    FakeSocket.last.serverSends(message(2, "hello", { from: "alice", cid }));
    assert.deepEqual(shown(client), ["1:hi", "2:hello"]);
  });

  it("gives every send its own cid", () => {
    const { client } = start();
    join();
    client.send("a");
    client.send("b");
    client.send("a");
    assert.equal(new Set(sends().map((f) => f.cid)).size, 3);
  });

  it("in two windows of one browser (one storage, one key), never sends the same cid twice", () => {
    const storage = memoryStorage();
    new Identity(storage).setName("alice");
    const clock = new FakeClock();
    const windows = [1, 2].map(() => {
      const client = new ChatClient("ws://h:1/rooms/r", {
        identity: new Identity(storage),
        now: clock.now,
        connection: { WebSocketImpl: FakeSocket, timers: clock, backoff: new Backoff({ random: () => 0 }) },
      });
      client.start();
      join();
      return { client, socket: FakeSocket.last };
    });
    for (const { client } of windows) client.send("hello");
    const [one, two] = windows.map(({ socket }) => socket.frames.find((f) => f.type === "send"));
    assert.equal(one.text, two.text);
    assert.notEqual(one.cid, two.cid, "the server would take the second for a re-send and not broadcast it");
  });

  it("refuses blank and oversized messages, and sending before a name", () => {
    const { client } = start();
    join();
    assert.match(client.send("   "), /Type a message/);
    assert.match(client.send("x".repeat(70_000)), /too long/);
    assert.deepEqual(sends(), []);
    assert.deepEqual(items(client.state), []);
    const nameless = start({ name: null }).client;
    assert.match(nameless.send("hi"), /name first/);
  });

  it("after a lost connection, resumes from the last id and resends what was not acknowledged, with the same cid", () => {
    const { client, clock } = start();
    join([message(1, "one")]);
    client.send("acked");
    client.send("lost ack");
    const [acked, lostAck] = sends();
    FakeSocket.last.serverSends({ type: "ack", cid: acked.cid, id: 2 });
    FakeSocket.last.serverSends(message(2, "acked", { from: "alice", cid: acked.cid }));
    FakeSocket.last.serverCloses(1006); // "lost ack" may or may not have got through
    assert.deepEqual(shown(client), ["1:one", "2:acked", "?lost ack"]);
    assert.equal(client.status.state, "reconnecting");
    client.send("while away"); // shown at once, sent after the join
    clock.advance(1);
    const socket = FakeSocket.last;
    socket.serverOpens();
    assert.deepEqual(socket.frames, [{ type: "join", name: "alice", key: socket.frames[0].key, since: 2 }]);
    socket.serverSends(welcome());
    const resent = sends();
    assert.deepEqual(resent.map((f) => f.text), ["lost ack", "while away"]);
    assert.equal(resent[0].cid, lostAck.cid);
    // It had got through: the replay has it, and the server acks the resend as a duplicate.
    socket.serverSends({ type: "history", messages: [message(3, "lost ack", { from: "alice", cid: lostAck.cid })], gap: false });
    socket.serverSends({ type: "ack", cid: lostAck.cid, id: 3, duplicate: true });
    socket.serverSends({ type: "ack", cid: resent[1].cid, id: 4, duplicate: false });
    socket.serverSends(message(4, "while away", { from: "alice", cid: resent[1].cid }));
    assert.deepEqual(shown(client), ["1:one", "2:acked", "3:lost ack", "4:while away"]);
  });

  it("drops replayed messages already shown", () => {
    const { client, clock } = start();
    join([message(1, "one"), message(2, "two")]);
    FakeSocket.last.serverCloses(1001, "server shutting down");
    clock.advance(1);
    join([message(2, "two"), message(3, "three")]);
    assert.deepEqual(shown(client), ["1:one", "2:two", "3:three"]);
  });

  it("shows the gap the server reports on a resume", () => {
    const { client, clock } = start();
    join([message(1, "one")]);
    FakeSocket.last.serverCloses(1006);
    clock.advance(1);
    join([message(300, "late")], { gap: true });
    assert.deepEqual(items(client.state).map((i) => i.kind), ["message", "gap", "message"]);
  });

  it("marks a rate-limited message failed; retry sends it again under the same cid", () => {
    const { client } = start();
    join();
    client.send("too fast");
    const [{ cid }] = sends();
    FakeSocket.last.serverSends({ type: "error", code: "rate_limited", message: "slow down", cid });
    assert.deepEqual(shown(client), ["!too fast"]);
    client.retry(cid);
    assert.deepEqual(shown(client), ["?too fast"]);
    assert.deepEqual(sends().map((f) => f.cid), [cid, cid]);
  });

  it("does not resend failed messages on reconnect by itself", () => {
    const { client, clock } = start();
    join();
    client.send("x");
    FakeSocket.last.serverSends({ type: "error", code: "rate_limited", message: "slow", cid: sends()[0].cid });
    FakeSocket.last.serverCloses(1006);
    clock.advance(1);
    join();
    assert.deepEqual(sends(), []);
    assert.deepEqual(shown(client), ["!x"]);
  });

  it("after 1009 marks pending messages failed instead of resending them into another 1009", () => {
    const { client, clock } = start();
    join();
    client.send("big");
    FakeSocket.last.serverCloses(1009);
    assert.deepEqual(shown(client), ["!big"]);
    clock.advance(1);
    join();
    assert.deepEqual(sends(), []);
  });

  it("on a new name while joined, joins again on a new socket and keeps the list", () => {
    const { client, identity } = start();
    join([message(5, "five")]);
    assert.equal(client.setName("alicia"), null);
    const old = FakeSocket.made[0];
    assert.equal(old.closedWith, 1000);
    FakeSocket.last.serverOpens();
    assert.deepEqual(FakeSocket.last.frames[0], {
      type: "join",
      name: "alicia",
      key: identity.keyFor("alicia"),
      since: 5,
    });
    assert.notEqual(identity.keyFor("alicia"), identity.keyFor("alice"));
    assert.deepEqual(shown(client), ["5:five"]);
  });

  it("does not rejoin when the same name is chosen again", () => {
    const { client } = start();
    join();
    client.setName("alice");
    assert.equal(FakeSocket.made.length, 1);
  });

  it("reports status changes and state changes as events", () => {
    const { client } = start();
    const states = [];
    let changes = 0;
    client.addEventListener("status", (e) => states.push(e.detail.state));
    client.addEventListener("change", () => (changes += 1));
    join([message(1, "a")]);
    assert.deepEqual(states, ["connecting", "open"]);
    assert.ok(changes >= 2);
  });
});
