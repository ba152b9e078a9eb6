import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ANONYMOUS, GAP_TEXT, clockTime, messageView, onlineHeading } from "../../main/resources/web/message-view.js";

const at = (h, m) => new Date(2024, 0, 2, h, m, 30).getTime(); // local time, whatever the machine's zone
const item = (extra) => ({ kind: "message", key: "k", id: 7, cid: null, ts: at(9, 5), from: "bob", text: "hi", own: false, pending: false, failed: false, error: null, ...extra });

describe("clockTime", () => {
  it("is the local HH:MM of a timestamp", () => {
    assert.equal(clockTime(at(9, 5)), "09:05");
    assert.equal(clockTime(at(23, 59)), "23:59");
    assert.equal(clockTime(at(0, 0)), "00:00");
  });

  it("is empty when the time is unknown", () => {
    assert.equal(clockTime(null), "");
    assert.equal(clockTime(undefined), "");
  });
});

describe("messageView", () => {
  it("shows sender, time and text of a message from someone else", () => {
    const view = messageView(item());
    assert.equal(view.className, "message");
    assert.deepEqual([view.from, view.time, view.text, view.id, view.mark, view.retry], ["bob", "09:05", "hi", 7, "", false]);
    assert.equal(view.datetime, new Date(at(9, 5)).toISOString());
  });

  it("calls a plain client's message anonymous", () => {
    assert.equal(messageView(item({ from: null })).from, ANONYMOUS);
    assert.equal(ANONYMOUS, "anonymous");
  });

  it("marks own, pending and failed messages by class and a visible word", () => {
    assert.equal(messageView(item({ own: true })).className, "message own");
    const pending = messageView(item({ own: true, pending: true, id: null, cid: "c1" }));
    assert.equal(pending.className, "message own pending");
    assert.equal(pending.mark, "sending…");
    assert.equal(pending.cid, "c1");
    const failed = messageView(item({ own: true, failed: true, error: "slow down" }));
    assert.equal(failed.className, "message own failed");
    assert.equal(failed.mark, "not sent: slow down");
    assert.equal(failed.retry, true);
    assert.equal(messageView(item({ failed: true })).mark, "not sent");
  });

  it("keeps text exactly as sent, markup included (it is shown with textContent)", () => {
    assert.equal(messageView(item({ text: "<img src=x onerror=alert(1)>" })).text, "<img src=x onerror=alert(1)>");
  });

  it("shows the gap notice", () => {
    const view = messageView({ kind: "gap", key: "gap-1", order: 4.5 });
    assert.equal(view.className, "gap");
    assert.equal(view.text, GAP_TEXT);
    assert.equal(GAP_TEXT, "some earlier messages were missed");
    assert.equal(view.id, null);
  });
});

describe("onlineHeading", () => {
  it("counts the names", () => {
    assert.equal(onlineHeading([]), "Online (0)");
    assert.equal(onlineHeading(["a", "b", "c"]), "Online (3)");
  });
});
