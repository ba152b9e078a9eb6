// Wires the page to a ChatClient. Logic worth testing lives in the imported modules; this file only
// moves data between them and the DOM.
//
// Selectors the end-to-end tests rely on (keep them stable):
//   #name-form, #name-input    the name prompt; submitting it joins (shown on first visit and on name errors)
//   #input, #btn               the message box and its send button (Enter sends too)
//   #list li                   one per message, in order: data-id (once the server gave one), data-cid (own),
//                              classes own / pending / failed, children .from (sender) .time .text .mark,
//                              and button.retry on failed ones; li.gap is the "messages were missed" notice
//   #online li                 one per name in the room; li.me is this page's own name
//   #status[data-state]        connecting | open | reconnecting | closed; its text says why
//   #room                      the room's name ("lobby" for /)
//   #room-form, #room-input    go to another room;  #name-change opens the name prompt;  #reconnect

import { ChatClient } from "./chat-client.js";
import { items } from "./chat-state.js";
import { DEFAULT_ROOM, roomName, roomNameProblem, roomPath, socketUrl } from "./chat-url.js";
import { renderMessages, renderOnline } from "./dom-render.js";
import { Identity, usableStorage } from "./identity.js";
import { onlineHeading } from "./message-view.js";

const $ = (id) => document.getElementById(id);
const composer = $("composer");
const input = $("input");
const button = $("btn");
const list = $("list");
const status = $("status");
const reconnect = $("reconnect");
const online = $("online");
const onlineTitle = $("online-heading");
const notice = $("notice");
const me = $("me");
const meLine = $("me-line");
const namePanel = $("name-panel");
const nameForm = $("name-form");
const nameInput = $("name-input");
const nameError = $("name-error");
const nameCancel = $("name-cancel");
const roomForm = $("room-form");
const roomInput = $("room-input");

// How close to the bottom (px) still counts as "reading the latest", so new messages scroll into view.
const STICKY_SCROLL_PX = 40;

const identity = new Identity(usableStorage(() => window.localStorage));
const client = new ChatClient(socketUrl(window.location), { identity });
const currentRoom = roomName(window.location) ?? DEFAULT_ROOM;
$("room").textContent = currentRoom;
document.title = `Chat · ${currentRoom}`;

// --- what the client says -> the page

client.addEventListener("status", ({ detail }) => showStatus(detail));
client.addEventListener("change", ({ detail }) => render(detail));

function showStatus({ state, text }) {
  status.dataset.state = state;
  status.textContent = text;
  // The countdown changes every second; a screen reader should hear the outcome, not every tick.
  status.setAttribute("aria-busy", String(state === "reconnecting"));
  reconnect.hidden = state !== "closed";
  updateSendButton();
}

// While (re)connecting, messages queue as pending and go out on join; once closed, nothing would send them.
function updateSendButton() {
  button.disabled = client.status.state === "closed" || !client.state.name;
}

let shownNameError = null;

function render(state) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < STICKY_SCROLL_PX;
  renderMessages(list, items(state));
  if (atBottom) list.scrollTop = list.scrollHeight;

  renderOnline(online, state.online, state.name);
  onlineTitle.textContent = onlineHeading(state.online);
  me.textContent = state.name ?? "";
  meLine.hidden = !state.name;
  notice.hidden = state.notice === null;
  notice.textContent = state.notice?.message ?? "";
  updateSendButton();

  if (state.nameError !== null && state.nameError !== shownNameError) openNameForm(state.nameError);
  shownNameError = state.nameError;
}

// --- the name prompt: modal, so the page behind it is inert (no focus, no clicks) while it is open

const behindNamePanel = [...document.body.children].filter((element) => element !== namePanel);

function setNamePanelOpen(open) {
  namePanel.hidden = !open;
  for (const element of behindNamePanel) element.inert = open;
}

function openNameForm(error = "") {
  nameError.textContent = error;
  nameError.hidden = !error;
  nameInput.value = client.state.name ?? "";
  nameCancel.hidden = !client.state.name || Boolean(error); // no way around choosing a (working) name
  setNamePanelOpen(true);
  nameInput.focus();
  nameInput.select();
}

function closeNameForm() {
  setNamePanelOpen(false);
  input.focus();
}

nameForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const problem = client.setName(nameInput.value);
  if (problem) {
    nameError.textContent = problem;
    nameError.hidden = false;
    nameInput.focus();
    return;
  }
  closeNameForm();
});

nameCancel.addEventListener("click", closeNameForm);
namePanel.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !nameCancel.hidden) closeNameForm();
});
$("name-change").addEventListener("click", () => openNameForm());

// --- sending: a form gives Enter-to-send for free

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const problem = client.send(input.value);
  if (problem === null) {
    input.value = "";
    list.scrollTop = list.scrollHeight; // your own message is what you want to see
  } else {
    input.setCustomValidity(problem);
    input.reportValidity();
  }
  input.focus();
});
input.addEventListener("input", () => input.setCustomValidity(""));

list.addEventListener("click", (event) => {
  const retry = event.target.closest("button.retry");
  const cid = retry?.closest("li")?.dataset.cid;
  if (cid) client.retry(cid);
});

notice.addEventListener("click", () => client.dismissNotice());

// --- connection and room

reconnect.addEventListener("click", () => client.reconnect());
// Back online: try now rather than wait out the backoff.
window.addEventListener("online", () => {
  if (client.status.state === "reconnecting") client.reconnect();
});

roomForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const name = roomInput.value.trim();
  const problem = roomNameProblem(name);
  roomInput.setCustomValidity(problem ?? "");
  if (problem) {
    roomInput.reportValidity();
    return;
  }
  window.location.assign(roomPath(name));
});
roomInput.addEventListener("input", () => roomInput.setCustomValidity(""));

showStatus(client.status);
render(client.state);
if (!client.state.name) openNameForm();
client.start();
