// Puts message-view.js views into the page. Items are matched to elements by key, so a pending message
// that becomes the real one is the same <li> throughout (no flicker, no duplicate), and an unchanged
// item is not touched. Everything is set with textContent: messages and names come from other people.

import { messageView } from "./message-view.js";

/** Makes `list` (the <ul>) show `items` (chat-state.js `items`), in order. */
export function renderMessages(list, items) {
  const doc = list.ownerDocument;
  const views = items.map(messageView);
  const wanted = new Set(views.map((view) => view.key));
  const existing = new Map();
  for (const li of [...list.children]) {
    if (wanted.has(li.dataset.key)) existing.set(li.dataset.key, li);
    else li.remove();
  }
  views.forEach((view, index) => {
    const li = existing.get(view.key) ?? createItem(doc, view.key);
    updateItem(li, view);
    const atIndex = list.children[index] ?? null;
    if (atIndex !== li) list.insertBefore(li, atIndex);
  });
}

/** Makes `list` show one <li> per name; `me` gets the class "me". */
export function renderOnline(list, names, me) {
  const doc = list.ownerDocument;
  const current = [...list.children].map((li) => `${li.textContent}|${li.className}`);
  const next = names.map((name) => `${name}|${name === me ? "me" : ""}`);
  if (current.join("\n") === next.join("\n")) return;
  list.replaceChildren(
    ...names.map((name) => {
      const li = doc.createElement("li");
      li.textContent = name;
      if (name === me) li.className = "me";
      return li;
    }),
  );
}

// <li data-key><span class="from"/> <time class="time"/> <span class="text"/> <span class="mark"/> <button class="retry"/></li>
function createItem(doc, key) {
  const li = doc.createElement("li");
  li.dataset.key = key;
  const part = (tag, className) => {
    const element = doc.createElement(tag);
    element.className = className;
    li.append(element);
    return element;
  };
  part("span", "from");
  part("time", "time");
  part("span", "text");
  part("span", "mark");
  const retry = part("button", "retry");
  retry.type = "button";
  retry.textContent = "retry";
  return li;
}

function updateItem(li, view) {
  setIfChanged(li, "className", view.className);
  setData(li, "id", view.id);
  setData(li, "cid", view.cid);
  const [from, time, text, mark, retry] = li.children;
  setIfChanged(from, "textContent", view.from);
  setIfChanged(time, "textContent", view.time);
  if (view.datetime) time.setAttribute("datetime", view.datetime);
  else time.removeAttribute("datetime");
  setIfChanged(text, "textContent", view.text);
  setIfChanged(mark, "textContent", view.mark);
  retry.hidden = !view.retry;
}

function setIfChanged(element, property, value) {
  if (element[property] !== value) element[property] = value;
}

function setData(element, name, value) {
  if (value === null || value === undefined) delete element.dataset[name];
  else if (element.dataset[name] !== String(value)) element.dataset[name] = String(value);
}
