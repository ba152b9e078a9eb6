// Just enough of the DOM for dom-render.js: elements with children, classes, data-*, attributes and
// textContent. Setting innerHTML throws, so a test fails if rendering ever goes through HTML parsing.

export class MiniElement {
  children = [];
  parent = null;
  dataset = {};
  attributes = new Map();
  className = "";
  hidden = false;
  type = "";
  #text = "";

  constructor(doc, tagName) {
    this.ownerDocument = doc;
    this.tagName = tagName.toUpperCase();
  }

  get textContent() {
    return this.children.length > 0 ? this.children.map((c) => c.textContent).join("") : this.#text;
  }

  set textContent(value) {
    for (const child of this.children) child.parent = null;
    this.children = [];
    this.#text = String(value);
  }

  set innerHTML(_) {
    throw new Error("innerHTML used");
  }

  get firstElementChild() {
    return this.children[0] ?? null;
  }

  append(...nodes) {
    for (const node of nodes) this.insertBefore(node, null);
  }

  insertBefore(node, before) {
    node.remove();
    const at = before === null ? this.children.length : this.children.indexOf(before);
    if (at < 0) throw new Error("insertBefore: reference is not a child");
    this.children.splice(at, 0, node);
    node.parent = this;
    return node;
  }

  replaceChildren(...nodes) {
    for (const child of this.children) child.parent = null;
    this.children = [];
    this.append(...nodes);
  }

  remove() {
    if (!this.parent) return;
    this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }

  removeAttribute(name) {
    this.attributes.delete(name);
  }

  getAttribute(name) {
    return this.attributes.get(name) ?? null;
  }

  /** The descendants with `className` among their classes. */
  byClass(className) {
    const found = [];
    const walk = (element) => {
      for (const child of element.children) {
        if (child.className.split(" ").includes(className)) found.push(child);
        walk(child);
      }
    };
    walk(this);
    return found;
  }
}

export class MiniDocument {
  created = 0;

  createElement(tagName) {
    this.created += 1;
    return new MiniElement(this, tagName);
  }
}
