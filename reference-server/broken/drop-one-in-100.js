// The reference server, broken on purpose: one delivery (one send to one client) in 100 is dropped
// without a word, at random (a fixed stride would always hit the same client of a room whose size
// divides 100). The conformance suite must fail on it and name the failing checks
// (conformance-tests, BrokenVariantsTest).   node broken/drop-one-in-100.js [PORT]
'use strict';
const WebSocket = require('ws');

const DROP_RATE = 0.01;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, options, cb) {
  if (Math.random() < DROP_RATE) return;
  send.call(this, data, options, cb);
};

require('../server.js');
