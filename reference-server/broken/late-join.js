// The reference server, broken on purpose: a new client joins the broadcast 50 ms after its handshake
// completed, so what is sent meanwhile never reaches it. The conformance suite must fail on it and
// name the failing check (conformance-tests, BrokenVariantsTest).   node broken/late-join.js [PORT]
'use strict';
const WebSocket = require('ws');

const JOIN_DELAY_MS = 50;
const Server = WebSocket.WebSocketServer;
WebSocket.WebSocketServer = class LateJoiningServer extends Server {
  constructor(...args) {
    super(...args);
    const add = this.clients.add.bind(this.clients);
    this.clients.add = (ws) => {
      setTimeout(() => {
        if (ws.readyState === WebSocket.OPEN) add(ws);
      }, JOIN_DELAY_MS);
      return this.clients;
    };
  }
};

require('../server.js');
