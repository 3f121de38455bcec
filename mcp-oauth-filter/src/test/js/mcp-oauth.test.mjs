// Unit tests of the browser client mcp-oauth.js, run by Node's own test runner (no packages):
// fetch, WebSocket, location and window are replaced by recording fakes.
import { test, beforeEach, mock } from "node:test";
import assert from "node:assert/strict";

const calls = [];
const sockets = [];
let replies = [];

class FakeSocket {
  constructor(url) {
    this.url = String(url);
    this.closed = false;
    sockets.push(this);
  }
  close() { this.closed = true; }
  receive(message) { this.onmessage({ data: JSON.stringify(message) }); }
  drop() { this.onclose && this.onclose({}); }
}

function reply(status, body) {
  replies.push({ status, body });
}

globalThis.location = { href: "http://app.example/ctx/", assign: (url) => calls.push({ assigned: url }) };
globalThis.WebSocket = FakeSocket;
globalThis.fetch = async (url, init) => {
  calls.push({ url, method: init.method, body: init.body, headers: init.headers, credentials: init.credentials });
  const next = replies.shift() || { status: 200, body: { servers: {} } };
  return {
    status: next.status,
    ok: next.status >= 200 && next.status < 300,
    statusText: "status " + next.status,
    json: async () => next.body,
  };
};

const { createMcpClient, McpApiError } = await import("../../main/resources/io/github/mcpoauth/web/mcp-oauth.js");

const BASE = "/ctx/mcp-client";
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  calls.length = 0;
  sockets.length = 0;
  replies = [];
});

test("the first subscription fetches the state over HTTP, delivers it, then opens the socket", async () => {
  reply(200, { servers: { a: { state: "ready" } }, tools: [] });
  const seen = [];
  const mcp = createMcpClient({ base: BASE });
  mcp.onMcpUpdate((state) => seen.push(state));
  assert.equal(sockets.length, 0, "no socket before the HTTP answer: it may be what creates the owner");
  await settle();

  assert.deepEqual(calls.map((c) => c.method + " " + c.url), ["GET /ctx/mcp-client/servers"]);
  assert.equal(calls[0].credentials, "same-origin");
  assert.deepEqual(seen.map((s) => s.servers.a.state), ["ready"]);
  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].url, "ws://app.example/ctx/mcp-client/ws");

  sockets[0].receive({ type: "cf_agent_mcp_servers", mcp: { servers: { a: { state: "failed" } } } });
  sockets[0].receive({ type: "something_else", mcp: { servers: {} } });
  assert.deepEqual(seen.map((s) => s.servers.a.state), ["ready", "failed"]);
});

test("a dropped socket reconnects with backoff, and unsubscribing closes it for good", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const mcp = createMcpClient({ base: BASE, maxBackoffMs: 1000 });
  const stop = mcp.onMcpUpdate(() => {});
  await settle();
  assert.equal(sockets.length, 1);

  sockets[0].drop();
  t.mock.timers.tick(1000);
  assert.equal(sockets.length, 2, "reconnected within the capped backoff");

  stop();
  assert.equal(sockets[1].closed, true);
  sockets[1].drop();
  t.mock.timers.tick(5000);
  assert.equal(sockets.length, 2, "no reconnect after unsubscribing");
});

test("API errors become McpApiError with status, code, message and the authUrl of authorization_required", async () => {
  reply(409, { error: { code: "authorization_required", message: "Server s1 needs authorization",
    authUrl: "https://as.example/authorize?x=1" } });
  const mcp = createMcpClient({ base: BASE });
  const error = await mcp.callTool("s1", "echo", {}).then(() => null, (e) => e);
  assert.ok(error instanceof McpApiError);
  assert.equal(error.status, 409);
  assert.equal(error.code, "authorization_required");
  assert.equal(error.message, "Server s1 needs authorization");
  assert.equal(error.authUrl, "https://as.example/authorize?x=1");

  reply(502, null);
  const bare = await mcp.getServers().then(() => null, (e) => e);
  assert.equal(bare.code, "http_502");
});

test("ids and tool names are encoded into the path and bodies are JSON", async () => {
  const mcp = createMcpClient({ base: BASE });
  reply(201, { id: "x", state: "authenticating" });
  await mcp.addServer("gh", "https://mcp.example/mcp", { transport: { type: "sse" } });
  reply(200, { content: [] });
  await mcp.callTool("a/b", "do it", { q: 1 });
  reply(204, null);
  assert.equal(await mcp.disconnect("a b"), null);

  assert.deepEqual(calls.map((c) => c.method + " " + c.url), [
    "POST /ctx/mcp-client/servers",
    "POST /ctx/mcp-client/servers/a%2Fb/tools/do%20it",
    "DELETE /ctx/mcp-client/servers/a%20b",
  ]);
  assert.deepEqual(JSON.parse(calls[0].body), { name: "gh", url: "https://mcp.example/mcp", transport: { type: "sse" } });
  assert.equal(calls[0].headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(calls[1].body), { q: 1 });
});

test("openAuthPopup falls back to navigating the page when popups are blocked", async () => {
  globalThis.window = { open: mock.fn(() => null), location: globalThis.location };
  const mcp = createMcpClient({ base: BASE });
  assert.equal(await mcp.openAuthPopup("https://as.example/authorize"), false);
  assert.deepEqual(calls, [{ assigned: "https://as.example/authorize" }]);
  assert.equal(globalThis.window.open.mock.calls[0].arguments[0], "https://as.example/authorize");
});
