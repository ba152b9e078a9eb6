import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { MAX_ENTRIES, apply, initialState, items, resumeFrom, unsent } from "../../main/resources/web/chat-state.js";

const msg = (id, text = `m${id}`, extra = {}) => ({ type: "message", id, ts: 1000 + id, from: "bob", text, cid: null, ...extra });
const welcome = (extra = {}) => ({ type: "welcome", room: "lobby", name: "alice", online: ["alice"], lastId: 0, ...extra });

/** Applies `events` in order to a state that has joined as alice. */
function run(...events) {
  return events.reduce(apply, apply(initialState({ name: "alice" }), welcome()));
}

/** A compact view of the list: "id:text", "?cid:text" for pending, "!cid:text" for failed, "gap". */
function shown(state) {
  return items(state).map((item) => {
    if (item.kind === "gap") return "gap";
    if (item.failed) return `!${item.cid}:${item.text}`;
    if (item.pending) return `?${item.cid}:${item.text}`;
    return `${item.id}:${item.text}`;
  });
}

describe("chat state: joining", () => {
  it("starts empty, not joined, with the remembered name", () => {
    const state = initialState({ name: "alice" });
    assert.deepEqual(items(state), []);
    assert.equal(state.joined, false);
    assert.equal(state.name, "alice");
    assert.equal(resumeFrom(state), null, "the first join asks for history, not a resume");
  });

  it("takes name and online list from welcome, sorted", () => {
    const state = apply(initialState({ name: "alice" }), welcome({ online: ["zed", "alice", "Bob"] }));
    assert.equal(state.joined, true);
    assert.deepEqual(state.online, ["alice", "Bob", "zed"]);
  });

  it("shows history in order and remembers the last id", () => {
    const state = run({ type: "history", messages: [msg(3), msg(4), msg(5)], gap: false });
    assert.deepEqual(shown(state), ["3:m3", "4:m4", "5:m5"]);
    assert.equal(state.lastId, 5);
    assert.equal(resumeFrom(state), 5);
  });

  it("resumes from the room's lastId after joining an empty room, so a reconnect reports no false gap", () => {
    const state = apply(apply(initialState({ name: "alice" }), welcome({ lastId: 1_700_000_000_000_000 - 1 })), {
      type: "history",
      messages: [],
      gap: false,
    });
    assert.equal(resumeFrom(state), 1_700_000_000_000_000 - 1);
  });

  it("takes welcome's lastId only once the history is in: a drop in between must replay it", () => {
    let state = apply(initialState({ name: "alice" }), welcome());
    state = apply(state, { type: "history", messages: [msg(3)], gap: false });
    state = apply(state, welcome({ lastId: 9 }));
    assert.equal(resumeFrom(state), 3);
    state = apply(state, { type: "history", messages: [msg(4), msg(5)], gap: false });
    assert.equal(resumeFrom(state), 9);
  });

  it("never moves lastId back on an older welcome", () => {
    let state = run({ type: "history", messages: [msg(7)], gap: false });
    state = apply(state, welcome({ lastId: 2 }));
    state = apply(state, { type: "history", messages: [], gap: false });
    assert.equal(state.lastId, 7);
  });

  it("follows presence", () => {
    let state = run({ type: "presence", event: "join", name: "bob", online: ["alice", "bob"] });
    assert.deepEqual(state.online, ["alice", "bob"]);
    state = apply(state, { type: "presence", event: "leave", name: "bob", online: ["alice"] });
    assert.deepEqual(state.online, ["alice"]);
  });

  it("applies presence changes without a list, as large rooms send them", () => {
    let state = run({ type: "presence", event: "join", name: "bob", online: ["alice", "bob"] });
    state = apply(state, { type: "presence", event: "join", name: "carol", online: null });
    assert.deepEqual(state.online, ["alice", "bob", "carol"]);
    state = apply(state, { type: "presence", event: "join", name: "carol", online: null });
    assert.deepEqual(state.online, ["alice", "bob", "carol"], "a repeated join is not a second carol");
    state = apply(state, { type: "presence", event: "leave", name: "alice", online: null });
    assert.deepEqual(state.online, ["bob", "carol"]);
  });

  it("applies the gathered changes of a large room", () => {
    let state = run({ type: "presence", event: "join", name: "bob", online: ["alice", "bob"] });
    state = apply(state, { type: "presence", event: "changes", joined: ["carol", "bob", "dave"], left: ["alice", "erin"], online: null });
    assert.deepEqual(state.online, ["bob", "carol", "dave"], "bob once, erin (never listed) no trouble");
    state = apply(state, { type: "presence", event: "changes", joined: [], left: ["dave"], online: null });
    assert.deepEqual(state.online, ["bob", "carol"]);
  });

  it("keeps name errors for the name prompt and clears them on welcome", () => {
    let state = apply(initialState({ name: "alice" }), { type: "error", code: "name_taken", message: "taken", cid: null });
    assert.equal(state.nameError, "taken");
    assert.equal(state.joined, false);
    state = apply(state, { type: "rename", name: "alice2" });
    assert.equal(state.nameError, null);
    assert.equal(state.name, "alice2");
    state = apply(state, { type: "error", code: "name_invalid", message: "bad", cid: null });
    assert.equal(state.nameError, "bad");
    state = apply(state, welcome({ name: "alice2" }));
    assert.equal(state.nameError, null);
  });
});

describe("chat state: messages", () => {
  it("marks messages with our name as own, others and plain clients' not", () => {
    const state = run(msg(1, "mine", { from: "alice" }), msg(2, "theirs"), msg(3, "plain", { from: null }));
    assert.deepEqual(items(state).map((i) => [i.from, i.own]), [["alice", true], ["bob", false], [null, false]]);
  });

  it("drops a message whose id is already shown", () => {
    const state = run(msg(1), msg(2), { type: "history", messages: [msg(1), msg(2), msg(3)], gap: false }, msg(3));
    assert.deepEqual(shown(state), ["1:m1", "2:m2", "3:m3"]);
  });

  it("places a late message by id", () => {
    const state = run(msg(1), msg(3), msg(2));
    assert.deepEqual(shown(state), ["1:m1", "2:m2", "3:m3"]);
  });

  it("shows a gap notice before the replayed messages when the server lost some", () => {
    let state = run(msg(1), msg(2));
    state = apply(state, { type: "disconnected" });
    state = apply(state, welcome());
    state = apply(state, { type: "history", messages: [msg(50), msg(51)], gap: true });
    state = apply(state, msg(52));
    assert.deepEqual(shown(state), ["1:m1", "2:m2", "gap", "50:m50", "51:m51", "52:m52"]);
  });

  it("shows a gap notice at the end when nothing at all was kept", () => {
    const state = run(msg(1), { type: "history", messages: [], gap: true }, msg(9));
    assert.deepEqual(shown(state), ["1:m1", "gap", "9:m9"]);
  });

  it("keys two gap notices apart", () => {
    const state = run({ type: "history", messages: [msg(5)], gap: true }, { type: "history", messages: [msg(9)], gap: true });
    const keys = items(state).filter((i) => i.kind === "gap").map((i) => i.key);
    assert.equal(new Set(keys).size, 2);
  });

  it("keeps at most MAX_ENTRIES, dropping the oldest", () => {
    const many = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => msg(i + 1));
    const state = run({ type: "history", messages: many, gap: false });
    assert.equal(items(state).length, MAX_ENTRIES);
    assert.equal(items(state)[0].id, 6);
  });

  it("keeps errors without a cid as a notice", () => {
    const state = run({ type: "error", code: "bad_json", message: "not valid JSON", cid: null });
    assert.deepEqual(state.notice, { code: "bad_json", message: "not valid JSON" });
    assert.equal(apply(state, { type: "dismissNotice" }).notice, null);
  });

  it("ignores events it does not know, returning the same state", () => {
    const state = run();
    assert.equal(apply(state, { type: "weird" }), state);
    assert.equal(apply(state, undefined), state);
  });
});

describe("chat state: own messages, exactly once", () => {
  const send = (cid, text = cid, ts = 5000) => ({ type: "send", cid, text, ts });
  const ack = (cid, id, duplicate = false) => ({ type: "ack", cid, id, duplicate });
  const mine = (id, cid, text = cid) => msg(id, text, { from: "alice", cid });

  it("shows a send at once as pending, with our name and local time", () => {
    const state = run(msg(1), send("c1", "hello", 4242));
    assert.deepEqual(shown(state), ["1:m1", "?c1:hello"]);
    const item = items(state).at(-1);
    assert.deepEqual([item.from, item.ts, item.own, item.pending, item.id], ["alice", 4242, true, true, null]);
    assert.deepEqual(unsent(state).map((e) => e.cid), ["c1"]);
  });

  it("turns the pending item into the message when the ack comes first, then the broadcast", () => {
    let state = run(send("c1", "hello"), ack("c1", 7));
    assert.deepEqual(shown(state), ["7:hello"]);
    const key = items(state)[0].key;
    state = apply(state, { ...mine(7, "c1", "hello"), ts: 99_999 });
    assert.deepEqual(shown(state), ["7:hello"]);
    assert.equal(items(state)[0].key, key, "the same item throughout");
    assert.equal(items(state)[0].ts, 99_999, "the server's time replaces ours");
    assert.equal(items(state)[0].own, true);
    assert.deepEqual(unsent(state), []);
  });

  it("turns the pending item into the message when the broadcast comes first, then the ack", () => {
    let state = run(send("c1", "hello"));
    const key = items(state)[0].key;
    state = apply(state, mine(7, "c1", "hello"));
    state = apply(state, ack("c1", 7));
    assert.deepEqual(shown(state), ["7:hello"]);
    assert.equal(items(state)[0].key, key);
    assert.equal(items(state)[0].own, true);
  });

  it("does not move lastId on an ack, so a resume cannot skip earlier messages still on their way", () => {
    const state = run(msg(5), send("c1"), ack("c1", 7));
    assert.equal(state.lastId, 5);
    assert.equal(apply(state, msg(6)).lastId, 6);
  });

  it("orders an acked message after messages with smaller ids that arrive later", () => {
    const state = run(msg(5), send("c1", "mine"), ack("c1", 7), msg(6));
    assert.deepEqual(shown(state), ["5:m5", "6:m6", "7:mine"]);
  });

  it("keeps pending messages below confirmed ones", () => {
    const state = run(send("c1", "a"), msg(3), send("c2", "b"));
    assert.deepEqual(shown(state), ["3:m3", "?c1:a", "?c2:b"]);
  });

  it("confirms a pending message found in a resume's replay, and a later duplicate ack changes nothing", () => {
    let state = run(msg(1), send("c1", "hello"));
    state = apply(state, { type: "disconnected" });
    state = apply(state, welcome());
    state = apply(state, { type: "history", messages: [mine(2, "c1", "hello")], gap: false });
    assert.deepEqual(shown(state), ["1:m1", "2:hello"]);
    assert.equal(apply(state, ack("c1", 2, true)), state);
  });

  it("confirms a resent message acked as a duplicate whose broadcast it never saw", () => {
    const state = run(send("c1", "hello"), ack("c1", 4, true));
    assert.deepEqual(shown(state), ["4:hello"]);
  });

  it("drops the pending item without a second one if the id is shown but the broadcast had no cid", () => {
    const state = run(send("c1", "hello"), msg(4, "hello", { from: "alice" }), ack("c1", 4));
    assert.deepEqual(shown(state), ["4:hello"]);
  });

  it("marks a message failed on an error naming its cid, and retry makes it pending again", () => {
    let state = run(send("c1", "a"), send("c2", "b"));
    state = apply(state, { type: "error", code: "rate_limited", message: "slow down", cid: "c2" });
    assert.deepEqual(shown(state), ["?c1:a", "!c2:b"]);
    assert.equal(items(state)[1].error, "slow down");
    assert.deepEqual(unsent(state).map((e) => e.cid), ["c1"], "failed messages are not resent by themselves");
    state = apply(state, { type: "retry", cid: "c2" });
    assert.deepEqual(shown(state), ["?c1:a", "?c2:b"]);
  });

  it("still accepts the message of a failed item if it did get through", () => {
    let state = run(send("c1", "a"), { type: "unsent", error: "too long?" });
    assert.deepEqual(shown(state), ["!c1:a"]);
    state = apply(state, ack("c1", 3, true));
    assert.deepEqual(shown(state), ["3:a"]);
  });

  it("keeps pending messages across a disconnect, to be resent", () => {
    const state = apply(run(send("c1")), { type: "disconnected" });
    assert.equal(state.joined, false);
    assert.deepEqual(unsent(state).map((e) => e.cid), ["c1"]);
  });

  it("does not touch the state it was given", () => {
    const before = run(send("c1"));
    const copy = structuredClone(before);
    apply(before, ack("c1", 1));
    apply(before, msg(2));
    apply(before, { type: "error", code: "rate_limited", message: "x", cid: "c1" });
    assert.deepEqual(before, copy);
  });
});
