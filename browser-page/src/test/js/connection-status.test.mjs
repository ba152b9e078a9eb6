import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  CONNECTING,
  OPEN,
  afterClose,
  closedStatus,
  reconnectingStatus,
} from "../../main/resources/web/connection-status.js";

describe("connection status", () => {
  it("names the four states tests query by data-state", () => {
    assert.deepEqual(CONNECTING, { state: "connecting", text: "connecting…" });
    assert.deepEqual(OPEN, { state: "open", text: "connected" });
    assert.equal(reconnectingStatus(3).state, "reconnecting");
    assert.equal(closedStatus({ code: 1000, opened: true }).state, "closed");
  });

  it("counts down to the next reconnect and says what was lost", () => {
    assert.equal(reconnectingStatus(3).text, "reconnecting in 3s");
    assert.equal(reconnectingStatus(12, "1006 connection lost").text, "reconnecting in 12s (1006 connection lost)");
    assert.equal(reconnectingStatus(0).text, "reconnecting…");
  });

  it("says plainly that a refused or failed first connection could not connect", () => {
    // A handshake refused with HTTP 403 reaches the page as close code 1006 without a reason.
    assert.deepEqual(closedStatus({ code: 1006, reason: "", opened: false }), {
      state: "closed",
      text: "disconnected (could not connect)",
    });
  });

  it("shows the server's close code and reason", () => {
    assert.equal(closedStatus({ code: 1008, reason: "too many errors", opened: true }).text,
      "disconnected (1008 too many errors)");
  });

  it("names well-known codes the server sent without a reason", () => {
    assert.equal(closedStatus({ code: 1001, opened: true }).text, "disconnected (1001 server going away)");
    assert.equal(closedStatus({ code: 1009, opened: true }).text, "disconnected (1009 message too big)");
  });

  it("shows an unknown code as it is, and adds nothing to a normal close", () => {
    assert.equal(closedStatus({ code: 4000, opened: true }).text, "disconnected (4000)");
    assert.equal(closedStatus({ code: 1000, reason: "", opened: true }).text, "disconnected");
    assert.equal(closedStatus({ code: 1005, reason: "", opened: true }).text, "disconnected");
    assert.equal(closedStatus({ code: 1000, reason: "bye", opened: true }).text, "disconnected (1000 bye)");
  });
});

describe("afterClose", () => {
  const close = (code, reason = "", opened = true, everOpened = true) => afterClose({ code, reason, opened, everOpened });

  it("reconnects after losses the server or the network caused", () => {
    for (const [code, reason] of [[1006, ""], [1001, "server shutting down"], [1001, "idle timeout"], [1011, ""], [1012, ""]]) {
      const next = close(code, reason);
      assert.equal(next.reconnect, true, `${code} ${reason}`);
      assert.equal(next.unsent, false);
    }
    assert.equal(close(1001, "server shutting down").why, "1001 server shutting down");
  });

  it("reconnects after 1008 slow consumer, but not after other policy closes", () => {
    assert.equal(close(1008, "slow consumer").reconnect, true);
    const tooMany = close(1008, "too many errors");
    assert.equal(tooMany.reconnect, false);
    assert.equal(tooMany.status.text, "disconnected (1008 too many errors)");
  });

  it("reconnects after a close code it does not know, such as 4001 of older servers: another window is no reason to stop", () => {
    const next = close(4001, "replaced by a new connection");
    assert.equal(next.reconnect, true);
    assert.equal(next.why, "4001 replaced by a new connection");
  });

  it("does not reconnect after closes that would only happen again", () => {
    for (const code of [1000, 1003, 1007]) assert.equal(close(code).reconnect, false, String(code));
  });

  it("reconnects after 1009 but says the pending messages must not just be resent", () => {
    assert.deepEqual(close(1009), { reconnect: true, why: "1009 message too big", unsent: true });
  });

  it("reports a refused first connection instead of retrying it", () => {
    const next = close(1006, "", false, false);
    assert.equal(next.reconnect, false);
    assert.equal(next.status.text, "disconnected (could not connect)");
  });

  it("keeps trying when a reconnect is refused, as while a server restarts", () => {
    assert.deepEqual(close(1006, "", false, true), { reconnect: true, why: "could not connect", unsent: false });
  });
});
