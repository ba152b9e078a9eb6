// Wires the page to a ChatConnection. Logic worth testing lives in the imported modules;
// this file only moves data between them and the DOM.

import { ChatConnection } from "./chat-connection.js";
import { roomName, socketUrl } from "./chat-url.js";
import { isSendable } from "./outgoing.js";

const form = document.getElementById("composer");
const input = document.getElementById("input");
const button = document.getElementById("btn");
const list = document.getElementById("list");
const status = document.getElementById("status");
const room = document.getElementById("room");

// How close to the bottom (px) still counts as "reading the latest", so new messages scroll into view.
const STICKY_SCROLL_PX = 40;

const chat = new ChatConnection(socketUrl(window.location));
room.textContent = roomName(window.location) ?? "default room";

chat.addEventListener("status", ({ detail }) => {
  status.dataset.state = detail.state;
  status.textContent = detail.text;
  button.disabled = detail.state !== "open";
});

chat.addEventListener("message", ({ detail }) => {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < STICKY_SCROLL_PX;
  const item = document.createElement("li");
  item.textContent = detail; // never innerHTML: messages come from other people
  list.append(item);
  if (atBottom) list.scrollTop = list.scrollHeight;
});

// A form gives Enter-to-send for free, and a disabled submit button blocks it while not connected.
form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (isSendable(input.value) && chat.send(input.value)) {
    input.value = "";
  }
  input.focus();
});

chat.connect();
