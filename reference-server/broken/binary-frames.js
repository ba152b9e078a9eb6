// The reference server, broken on purpose: every message is sent on as a binary frame, text
// included. The conformance suite must fail on it and name the failing checks (conformance-tests,
// BrokenVariantsTest).   node broken/binary-frames.js [PORT]
'use strict';
const WebSocket = require('ws');

const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, options, cb) {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  send.call(this, data, { ...options, binary: true }, cb);
};

require('../server.js');
