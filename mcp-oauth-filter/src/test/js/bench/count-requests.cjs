'use strict';
// Preloaded (node -r) into the MCP conformance CLI when scripts/bench starts its OAuth scenario as the
// benchmark's target. Counts every HTTP request the scenario's MCP server and authorization server
// receive, so requests per flow are measured at the server, the same way for both clients.
// GET /__bench/requests on either port answers the count (not counted itself). The process exits when
// its stdin closes, so the target never outlives the benchmark that started it. With BENCH_TRACE=1 each
// counted request's method and path go to stderr; with BENCH_TRACE=timing one line per answered request:
// "T <start ns> <ms until the answer was handed to the socket> <connection>#<request on it> <method>
// <path> <status> <client>", start being when its head was parsed (process.hrtime, the same clock as
// Java's System.nanoTime on Linux) and <client> the user agent's first word (Java-http-client, node).
const http = require('node:http');

let requests = 0;
let connections = 0;
const timing = process.env.BENCH_TRACE === 'timing';
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
    } else if (timing) {
      trace(req, res);
    }
  }
  return emit.apply(this, arguments);
};
function trace(req, res) {
  const start = process.hrtime.bigint();
  const socket = req.socket;
  if (socket.benchId === undefined) {
    socket.benchId = ++connections;
    socket.benchRequests = 0;
  }
  const on = `${socket.benchId}#${++socket.benchRequests}`;
  const client = (req.headers['user-agent'] || '-').split(/[\s/]/)[0];
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.error(`T ${start} ${ms.toFixed(3)} ${on} ${req.method} ${req.url.split('?')[0]} ${res.statusCode} ${client}`);
  });
}

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
