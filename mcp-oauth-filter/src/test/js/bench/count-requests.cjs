'use strict';
// Preloaded (node -r) into the MCP conformance CLI when scripts/bench starts its OAuth scenario as the
// benchmark's target. Counts every HTTP request the scenario's MCP server and authorization server
// receive, so requests per flow are measured at the server, the same way for both clients.
// GET /__bench/requests on either port answers the count (not counted itself). The process exits when
// its stdin closes, so the target never outlives the benchmark that started it. With BENCH_TRACE=1 each
// counted request's method and path go to stderr.
const http = require('node:http');

let requests = 0;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === 'request') {
    if (req.url === '/__bench/requests') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests }));
      return true;
    }
    requests++;
    if (process.env.BENCH_TRACE === '1') {
      console.error(`${req.method} ${req.url.split('?')[0]}`);
    }
  }
  return emit.apply(this, arguments);
};
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
