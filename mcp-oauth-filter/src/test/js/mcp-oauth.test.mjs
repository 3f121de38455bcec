// Unit tests of the browser client mcp-oauth.js, run by Node's own test runner (no packages):
// fetch, WebSocket, location and window are replaced by recording fakes.
import { test, beforeEach, mock } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

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

globalThis.location = { href: "http://app.example/ctx/", origin: "http://app.example", assign: (url) => calls.push({ assigned: url }) };
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

/** A window whose message listeners the test can call, and a popup that closes when told. */
function fakeWindowWithPopup() {
  const listeners = new Set();
  const popup = { closed: false };
  globalThis.window = {
    location: globalThis.location,
    open: mock.fn(() => popup),
    addEventListener: (type, listener) => { if (type === "message") listeners.add(listener); },
    removeEventListener: (type, listener) => { if (type === "message") listeners.delete(listener); },
  };
  const post = (event) => { for (const listener of [...listeners]) listener(event); };
  return { popup, post, listeners };
}

test("openAuthPopup reports the outcome its popup's end page posts from this origin, and nothing else", async (t) => {
  t.mock.timers.enable({ apis: ["setInterval"] });
  const { popup, post, listeners } = fakeWindowWithPopup();
  const results = [];
  const mcp = createMcpClient({ base: BASE });
  const closed = mcp.openAuthPopup("https://as.example/authorize", { onResult: (r) => results.push(r) });

  const outcome = { type: "mcp-oauth-callback", serverId: "s1", state: "ready", error: null };
  post({ origin: "https://evil.example", source: popup, data: outcome });
  post({ origin: "http://app.example", source: {}, data: outcome });
  post({ origin: "http://app.example", source: popup, data: { type: "something_else" } });
  assert.deepEqual(results, [], "a message from another origin or window was taken");

  post({ origin: "http://app.example", source: popup,
    data: { type: "mcp-oauth-callback", serverId: null, state: null, error: "<b>denied</b>", extra: { html: 1 } } });
  post({ origin: "http://app.example", source: popup, data: outcome });
  assert.deepEqual(results, [
    { serverId: null, state: null, error: "<b>denied</b>" },
    { serverId: "s1", state: "ready", error: null },
  ]);

  popup.closed = true;
  t.mock.timers.tick(500);
  assert.equal(await closed, true);
  assert.equal(listeners.size, 0, "the message listener outlived the popup");
});

/** Runs done.js, the module's end-of-popup page script, in a page at `url` with the given opener. */
function runDonePage(url, opener) {
  const page = new URL(url);
  const replaced = [];
  const closed = [];
  const window = { opener, close: () => closed.push(true) };
  const location = { search: page.search, origin: page.origin, replace: (to) => replaced.push(to) };
  const document = { getElementById: (id) => (id === "home" ? { getAttribute: () => "/ctx/" } : null) };
  const source = readFileSync(new URL("../../main/resources/io/github/mcpoauth/web/done.js", import.meta.url), "utf8");
  vm.runInNewContext(source, { window, location, document, URLSearchParams, encodeURIComponent });
  return { replaced, closed };
}

test("done.js tells a same-origin opener the outcome, for its origin only, and closes the popup", () => {
  const posted = [];
  const opener = { location: { origin: "http://app.example" }, postMessage: (m, o) => posted.push([m, o]) };
  const page = runDonePage("http://app.example/ctx/mcp-client/done?serverId=s1&state=ready", opener);
  // the message is made in the script's own realm: compare its data
  assert.deepEqual(JSON.parse(JSON.stringify(posted)), [[{ type: "mcp-oauth-callback", serverId: "s1", state: "ready", error: null },
    "http://app.example"]]);
  assert.equal(page.closed.length, 1);
  assert.deepEqual(page.replaced, []);
});

test("done.js tells a cross-origin opener nothing and, like a page without opener, goes to the context root", () => {
  const posted = [];
  const foreign = {
    get location() { throw new Error("SecurityError: cross-origin"); },
    postMessage: (m, o) => posted.push([m, o]),
  };
  const failed = runDonePage("http://app.example/ctx/mcp-client/done?error=access+denied+%3Cb%3E", foreign);
  assert.deepEqual(posted, []);
  assert.equal(failed.closed.length, 0);
  assert.deepEqual(failed.replaced, ["/ctx/?error=access%20denied%20%3Cb%3E"]);

  const ok = runDonePage("http://app.example/ctx/mcp-client/done?serverId=s1&state=ready", null);
  assert.deepEqual(ok.replaced, ["/ctx/"]);
});

test("answerElicitation posts the action and content, and a refused answer rejects naming the field", async () => {
  const mcp = createMcpClient({ base: BASE });
  reply(200, { id: "e 1", action: "accept" });
  assert.deepEqual(await mcp.answerElicitation("e 1", "accept", { name: "Ada" }), { id: "e 1", action: "accept" });
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].url, "/ctx/mcp-client/elicitations/e%201");
  assert.deepEqual(JSON.parse(calls[0].body), { action: "accept", content: { name: "Ada" } });

  reply(200, { id: "e2", action: "decline" });
  await mcp.answerElicitation("e2", "decline");
  assert.deepEqual(JSON.parse(calls[1].body), { action: "decline" });

  reply(400, { error: { code: "invalid_request", message: "Field age must be a number" } });
  await assert.rejects(mcp.answerElicitation("e3", "accept", { age: "x" }),
    (e) => e instanceof McpApiError && e.status === 400 && e.message.includes("age"));
});
