// The reference chat server: the broadcast example from the `ws` README, plus the tutorial's page at GET /.
// It is a second system under test that this project did not write: the conformance suite, the browser
// tests and the load tests must pass against it (scripts/verify http://localhost:PORT).
//   node server.js [PORT]          (default 8000; 0 picks a free port; the chosen port is printed)
// The page is the tutorial's own (browser-page/src/test/resources/tutorial/original.html); only its fixed
// ws://localhost:8000 is pointed at the host the page was loaded from.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
let WebSocket;
try {
  WebSocket = require('ws');
} catch (missing) {
  console.error("server.js: the 'ws' package is not installed: run `npm ci` in reference-server/ (scripts/setup does)");
  process.exit(2);
}

const page = fs.readFileSync(path.join(__dirname, '../browser-page/src/test/resources/tutorial/original.html'), 'utf8');
const server = http.createServer((req, res) => {
  if (req.url !== '/') { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page.replaceAll('ws://localhost:8000', `ws://${req.headers.host}`));
});

// From the ws README, "Server broadcast": every message goes to every open client, the sender included.
const wss = new WebSocket.WebSocketServer({ server });
wss.on('connection', function connection(ws) {
  ws.on('error', console.error);
  ws.on('message', function message(data, isBinary) {
    wss.clients.forEach(function each(client) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    });
  });
});

server.listen(Number(process.argv[2] ?? process.env.PORT ?? 8000), () => {
  console.log(`reference server listening on http://localhost:${server.address().port}/`);
});
