import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CONNECTING, OPEN, closedStatus } from "../../main/resources/web/connection-status.js";

describe("connection status", () => {
  it("names the three states tests query by data-state", () => {
    assert.deepEqual(CONNECTING, { state: "connecting", text: "connecting…" });
    assert.deepEqual(OPEN, { state: "open", text: "connected" });
    assert.equal(closedStatus({ code: 1000, opened: true }).state, "closed");
  });

  it("says plainly that a refused or failed first connection could not connect", () => {
    // A handshake refused with HTTP 403 reaches the page as close code 1006 without a reason.
    assert.deepEqual(closedStatus({ code: 1006, reason: "", opened: false }), {
      state: "closed",
      text: "disconnected (could not connect)",
    });
  });

  it("shows the server's close code and reason", () => {
    assert.equal(closedStatus({ code: 1008, reason: "slow consumer", opened: true }).text,
      "disconnected (1008 slow consumer)");
  });

  it("explains a lost connection that had been open", () => {
    assert.equal(closedStatus({ code: 1006, reason: "", opened: true }).text, "disconnected (1006 connection lost)");
  });

  it("names well-known codes the server sent without a reason", () => {
    assert.equal(closedStatus({ code: 1001, opened: true }).text, "disconnected (1001 server going away)");
    assert.equal(closedStatus({ code: 1009, opened: true }).text, "disconnected (1009 message too big)");
  });

  it("shows an unknown code as it is", () => {
    assert.equal(closedStatus({ code: 4000, opened: true }).text, "disconnected (4000)");
  });

  it("adds nothing to a normal close", () => {
    assert.equal(closedStatus({ code: 1000, reason: "", opened: true }).text, "disconnected");
    assert.equal(closedStatus({ code: 1005, reason: "", opened: true }).text, "disconnected");
  });

  it("still shows the reason of a normal close that has one", () => {
    assert.equal(closedStatus({ code: 1000, reason: "bye", opened: true }).text, "disconnected (1000 bye)");
  });
});
