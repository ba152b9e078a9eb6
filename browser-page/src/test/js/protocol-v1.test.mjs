import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  MAX_FRAME_BYTES,
  SUBPROTOCOL,
  frameBytes,
  isValidName,
  joinFrame,
  nameProblem,
  parseServerMessage,
  sendFrame,
} from "../../main/resources/web/protocol-v1.js";

describe("names", () => {
  it("accepts what the server accepts: letters of any script, digits, space, - _ .", () => {
    for (const name of ["a", "alice", "Bob Smith", "x_y-z.1", "José", "Ωmega", "李雷", "9", "a".repeat(32), "...", "-"]) {
      assert.equal(nameProblem(name), null, name);
      assert.equal(isValidName(name), true, name);
    }
  });

  it("refuses empty, too long, leading or trailing space, and other characters", () => {
    const refused = ["", " ", " alice", "alice ", "a".repeat(33), "a/b", "<b>", "tab\there", "new\nline", "emoji😀", "@bob"];
    for (const name of refused) {
      assert.equal(isValidName(name), false, JSON.stringify(name));
      assert.equal(typeof nameProblem(name), "string", JSON.stringify(name));
    }
  });

  it("counts characters, not UTF-16 units, as the server's regex does", () => {
    const wide = "𠀀".repeat(32); // a letter outside the BMP: two UTF-16 units each
    assert.equal(wide.length, 64);
    assert.equal(isValidName(wide), true);
    assert.equal(isValidName(wide + "𠀀"), false);
  });

  it("says which rule a name breaks", () => {
    assert.match(nameProblem(""), /enter a name/);
    assert.match(nameProblem("a".repeat(33)), /at most 32/);
    assert.match(nameProblem("a!"), /only letters/);
    assert.match(nameProblem(" a"), /start or end with a space/);
  });
});

describe("frames the page sends", () => {
  it("names the subprotocol", () => {
    assert.equal(SUBPROTOCOL, "chat.v1");
  });

  it("joins with name, key and since, leaving out what is not given", () => {
    assert.deepEqual(JSON.parse(joinFrame({ name: "al", key: "k".repeat(16), since: 41 })), {
      type: "join",
      name: "al",
      key: "k".repeat(16),
      since: 41,
    });
    assert.deepEqual(JSON.parse(joinFrame({ name: "al", key: null, since: null })), { type: "join", name: "al" });
    assert.deepEqual(JSON.parse(joinFrame({ name: "al", since: 0 })), { type: "join", name: "al", since: 0 });
  });

  it("sends text verbatim under its cid", () => {
    const text = ' <b>"hi"</b>\n ';
    assert.deepEqual(JSON.parse(sendFrame({ cid: "c-1", text })), { type: "send", cid: "c-1", text });
  });

  it("measures frames in UTF-8 bytes, as the server's limit does", () => {
    assert.equal(frameBytes("abc"), 3);
    assert.equal(frameBytes("é"), 2);
    assert.equal(frameBytes("😀"), 4);
    assert.equal(MAX_FRAME_BYTES, 65536);
  });
});

describe("parseServerMessage", () => {
  it("reads the documented examples", () => {
    assert.deepEqual(
      parseServerMessage('{"type":"welcome","room":"red","name":"alice","online":["alice","bob"],"lastId":57,"historyLimit":100}'),
      { type: "welcome", room: "red", name: "alice", online: ["alice", "bob"], lastId: 57 },
    );
    assert.deepEqual(
      parseServerMessage('{"type":"message","id":58,"ts":1732550000123,"from":"alice","text":"hello","cid":"c-7"}'),
      { type: "message", id: 58, ts: 1732550000123, from: "alice", text: "hello", cid: "c-7" },
    );
    assert.deepEqual(parseServerMessage('{"type":"ack","cid":"c-7","id":58,"duplicate":false}'), {
      type: "ack",
      cid: "c-7",
      id: 58,
      duplicate: false,
    });
    assert.deepEqual(
      parseServerMessage('{"type":"presence","event":"join","name":"bob","online":["alice","bob"]}'),
      { type: "presence", event: "join", name: "bob", online: ["alice", "bob"] },
    );
    assert.deepEqual(
      parseServerMessage('{"type":"presence","event":"leave","name":"bob"}'),
      { type: "presence", event: "leave", name: "bob", online: null },
    );
    assert.equal(parseServerMessage('{"type":"presence","event":"wave","name":"bob"}'), null);
    assert.deepEqual(
      parseServerMessage('{"type":"presence","event":"changes","joined":["bob","carol"],"left":["dave"]}'),
      { type: "presence", event: "changes", joined: ["bob", "carol"], left: ["dave"], online: null },
    );
    assert.equal(parseServerMessage('{"type":"presence","event":"changes","joined":["bob"]}'), null);
    assert.equal(parseServerMessage('{"type":"presence","event":"changes","joined":"bob","left":[]}'), null);
    assert.deepEqual(
      parseServerMessage('{"type":"error","code":"rate_limited","message":"too many","cid":"c-9"}'),
      { type: "error", code: "rate_limited", message: "too many", cid: "c-9" },
    );
  });

  it("reads history messages (which have no type) and the gap flag", () => {
    const history = parseServerMessage(
      JSON.stringify({ type: "history", messages: [{ id: 1, ts: 5, from: null, text: "plain" }], gap: true }),
    );
    assert.deepEqual(history, {
      type: "history",
      messages: [{ type: "message", id: 1, ts: 5, from: null, text: "plain", cid: null }],
      gap: true,
    });
  });

  it("gives a plain client's message from null and no cid", () => {
    const message = parseServerMessage('{"type":"message","id":3,"ts":1,"from":null,"text":"hi"}');
    assert.equal(message.from, null);
    assert.equal(message.cid, null);
  });

  it("ignores what it cannot use instead of throwing", () => {
    const junk = [
      "not json",
      "[1,2]",
      "null",
      '"text"',
      '{"type":"nope"}',
      '{"no":"type"}',
      '{"type":"message","id":"58","text":"x"}',
      '{"type":"message","id":58}',
      '{"type":"message","id":-1,"text":"x"}',
      '{"type":"message","id":1,"text":"x","from":5}',
      '{"type":"ack","cid":"c"}',
      '{"type":"welcome","name":"a","online":"a","lastId":0}',
      '{"type":"history","messages":null}',
      '{"type":"error"}',
    ];
    for (const data of junk) assert.equal(parseServerMessage(data), null, data);
    assert.equal(parseServerMessage(new ArrayBuffer(2)), null);
  });

  it("drops malformed entries of a history but keeps the rest", () => {
    const history = parseServerMessage('{"type":"history","messages":[{"id":1,"text":"a"},{"id":"x"},{"id":2,"text":"b"}]}');
    assert.deepEqual(history.messages.map((m) => m.id), [1, 2]);
    assert.equal(history.gap, false);
  });
});
