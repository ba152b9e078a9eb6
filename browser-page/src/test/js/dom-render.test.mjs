import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { apply, initialState, items } from "../../main/resources/web/chat-state.js";
import { renderMessages, renderOnline } from "../../main/resources/web/dom-render.js";
import { MiniDocument } from "./support/mini-dom.mjs";

const msg = (id, text, extra = {}) => ({ type: "message", id, ts: 0, from: "bob", text, cid: null, ...extra });

/** An empty <ul> and a state joined as alice. */
function setUp() {
  const doc = new MiniDocument();
  const list = doc.createElement("ul");
  let state = apply(initialState({ name: "alice" }), { type: "welcome", name: "alice", online: ["alice"], lastId: 0 });
  const step = (...events) => {
    state = events.reduce(apply, state);
    renderMessages(list, items(state));
  };
  return { doc, list, step };
}

const part = (li, name) => li.byClass(name)[0];

describe("renderMessages", () => {
  it("renders one li per message with .from, .time, .text and data-id", () => {
    const { list, step } = setUp();
    step(msg(1, "<b>hi</b>"), msg(2, "plain", { from: null }));
    assert.equal(list.children.length, 2);
    const [first, second] = list.children;
    assert.equal(first.dataset.id, "1");
    assert.equal(part(first, "from").textContent, "bob");
    assert.equal(part(first, "text").textContent, "<b>hi</b>");
    assert.equal(part(first, "time").tagName, "TIME");
    assert.equal(part(second, "from").textContent, "anonymous");
    assert.equal(part(first, "retry").hidden, true);
  });

  it("turns the pending li into the confirmed one in place: same element, data-id set, pending gone", () => {
    const { list, step } = setUp();
    step(msg(1, "a"), { type: "send", cid: "c1", text: "mine", ts: 0 });
    const li = list.children[1];
    assert.equal(li.className, "message own pending");
    assert.equal(li.dataset.cid, "c1");
    assert.equal(li.dataset.id, undefined);
    assert.equal(part(li, "mark").textContent, "sending…");
    step({ type: "ack", cid: "c1", id: 2 }, msg(2, "mine", { from: "alice", cid: "c1" }));
    assert.equal(list.children.length, 2);
    assert.equal(list.children[1], li);
    assert.equal(li.className, "message own");
    assert.equal(li.dataset.id, "2");
    assert.equal(part(li, "mark").textContent, "");
  });

  it("shows a failed message with its reason and a visible retry button", () => {
    const { list, step } = setUp();
    step({ type: "send", cid: "c1", text: "x", ts: 0 }, { type: "error", code: "rate_limited", message: "slow down", cid: "c1" });
    const [li] = list.children;
    assert.equal(li.className, "message own failed");
    assert.equal(part(li, "mark").textContent, "not sent: slow down");
    assert.equal(part(li, "retry").hidden, false);
  });

  it("moves an item into place when one with a smaller id arrives later", () => {
    const { list, step } = setUp();
    step({ type: "send", cid: "c1", text: "mine", ts: 0 }, { type: "ack", cid: "c1", id: 3 });
    step(msg(2, "earlier"));
    assert.deepEqual(list.children.map((li) => li.dataset.id), ["2", "3"]);
  });

  it("renders the gap notice as li.gap", () => {
    const { list, step } = setUp();
    step({ type: "history", messages: [msg(9, "x")], gap: true });
    assert.equal(list.children[0].className, "gap");
    assert.equal(list.children[0].textContent.includes("some earlier messages were missed"), true);
  });

  it("leaves unchanged items alone", () => {
    const { doc, list, step } = setUp();
    step(msg(1, "a"), msg(2, "b"));
    const created = doc.created;
    const first = list.children[0];
    step(msg(3, "c"));
    assert.equal(list.children[0], first);
    assert.equal(doc.created - created, 6, "one li and its five parts, for the new message only");
  });

  it("removes items that left the state", () => {
    const doc = new MiniDocument();
    const list = doc.createElement("ul");
    const state = [msg(1, "a"), msg(2, "b")].reduce(apply, initialState());
    renderMessages(list, items(state));
    renderMessages(list, items(state).slice(1));
    assert.deepEqual(list.children.map((li) => li.dataset.id), ["2"]);
  });
});

describe("renderOnline", () => {
  it("renders one li per name and marks our own", () => {
    const doc = new MiniDocument();
    const list = doc.createElement("ul");
    renderOnline(list, ["alice", "bob"], "bob");
    assert.deepEqual(list.children.map((li) => [li.textContent, li.className]), [["alice", ""], ["bob", "me"]]);
    renderOnline(list, ["alice"], "bob");
    assert.deepEqual(list.children.map((li) => li.textContent), ["alice"]);
  });
});
