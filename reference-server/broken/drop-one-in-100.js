// The reference server, broken on purpose: every 100th delivery (one send to one client) is dropped
// without a word. The conformance suite must fail on it and name the failing checks
// (conformance-tests, BrokenVariantsTest).   node broken/drop-one-in-100.js [PORT]
'use strict';
const WebSocket = require('ws');

const send = WebSocket.prototype.send;
let deliveries = 0;
WebSocket.prototype.send = function (data, options, cb) {
  deliveries += 1;
  if (deliveries % 100 === 0) return;
  send.call(this, data, options, cb);
};

require('../server.js');
