import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULT_ROOM, roomName, roomNameProblem, roomPath, socketUrl } from "../../main/resources/web/chat-url.js";

// Only the fields the functions read; a real Location has these too.
const at = (url) => {
  const { protocol, host, pathname } = new URL(url);
  return { protocol, host, pathname };
};

describe("socketUrl", () => {
  it("connects to the default room from the root page", () => {
    assert.equal(socketUrl(at("http://localhost:8000/")), "ws://localhost:8000/");
  });

  it("uses wss under https and keeps the page's host and port", () => {
    assert.equal(socketUrl(at("https://chat.example:8443/")), "wss://chat.example:8443/");
  });

  it("omits a default port exactly as the page's URL does", () => {
    assert.equal(socketUrl(at("https://chat.example/")), "wss://chat.example/");
  });

  it("connects to the room a room page was loaded from", () => {
    assert.equal(socketUrl(at("http://127.0.0.1:4321/rooms/foo")), "ws://127.0.0.1:4321/rooms/foo");
  });

  it("drops a trailing slash, query and fragment from a room page", () => {
    assert.equal(socketUrl(at("http://h:1/rooms/foo/?x=1#top")), "ws://h:1/rooms/foo");
  });

  it("keeps an escaped room name escaped", () => {
    assert.equal(socketUrl(at("http://h:1/rooms/caf%C3%A9%20bar")), "ws://h:1/rooms/caf%C3%A9%20bar");
  });

  it("treats index.html and other non-room pages as the default room", () => {
    for (const page of ["http://h:1/index.html", "http://h:1/rooms/", "http://h:1/rooms/a/b", "http://h:1/x"]) {
      assert.equal(socketUrl(at(page)), "ws://h:1/", page);
    }
  });

  it("keeps IPv6 hosts bracketed", () => {
    assert.equal(socketUrl(at("http://[::1]:8000/rooms/r")), "ws://[::1]:8000/rooms/r");
  });
});

describe("roomName", () => {
  it("is null on the default room's page", () => {
    assert.equal(roomName(at("http://h:1/")), null);
  });

  it("decodes the room name for display", () => {
    assert.equal(roomName(at("http://h:1/rooms/caf%C3%A9%20bar")), "café bar");
  });

  it("shows a malformed escape as typed instead of failing", () => {
    assert.equal(roomName({ pathname: "/rooms/100%" }), "100%");
  });
});

describe("rooms", () => {
  it("calls the default room lobby", () => {
    assert.equal(DEFAULT_ROOM, "lobby");
  });

  it("accepts the server's room names and says what is wrong with others", () => {
    for (const name of ["red", "a", "R-2_d.x", "x".repeat(64), "a.", "-"]) assert.equal(roomNameProblem(name), null, name);
    assert.match(roomNameProblem(""), /enter a room/);
    assert.match(roomNameProblem("x".repeat(65)), /at most 64/);
    assert.match(roomNameProblem(".hidden"), /dot/);
    for (const name of ["a b", "a/b", "café", "a?b"]) assert.match(roomNameProblem(name), /Use only/, name);
  });

  it("goes to / for the lobby and /rooms/{name} for the others", () => {
    assert.equal(roomPath("lobby"), "/");
    assert.equal(roomPath("red"), "/rooms/red");
    assert.equal(roomPath("a.b_c-1"), "/rooms/a.b_c-1");
  });
});
