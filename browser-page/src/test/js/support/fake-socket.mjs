// Stands in for the browser's WebSocket: Node 20 has no WebSocket server to talk to, and the real page
// against the real server is the end-to-end tests' job. Tests play the server's side by hand.

export class FakeSocket extends EventTarget {
  /** Every socket made, oldest first. */
  static made = [];

  static get last() {
    return FakeSocket.made.at(-1);
  }

  static reset() {
    FakeSocket.made = [];
  }

  readyState = 0;
  sent = [];
  closedWith = null;

  constructor(url, protocol) {
    super();
    this.url = url;
    this.protocol = protocol;
    FakeSocket.made.push(this);
  }

  send(text) {
    if (this.readyState !== 1) throw new Error(`send on a socket in state ${this.readyState}`);
    this.sent.push(text);
  }

  /** What the page sent, parsed. */
  get frames() {
    return this.sent.map((text) => JSON.parse(text));
  }

  close(code) {
    this.closedWith = code;
    this.readyState = 2;
  }

  serverOpens() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }

  /** Sends `message` (an object, sent as JSON, or a raw string). */
  serverSends(message) {
    const data = typeof message === "string" ? message : JSON.stringify(message);
    this.dispatchEvent(Object.assign(new Event("message"), { data }));
  }

  serverCloses(code, reason = "") {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason }));
  }
}
