// mcp-oauth.js: the browser client of mcp-oauth-filter (ES module, no dependencies, no build step).
//
//   import { createMcpClient } from "/app/mcp-client/mcp-oauth.js";
//   const mcp = createMcpClient();            // base defaults to this module's own directory
//   mcp.onMcpUpdate(state => render(state));  // state = {servers, tools, prompts, resources, resourceTemplates, elicitations}
//   const r = await mcp.addServer("github", "https://mcp.example.com/mcp");
//   if (r.authUrl) await mcp.openAuthPopup(r.authUrl);
//
// Every error message (thrown Error.message, a server's `error` field) comes from remote servers:
// insert it into the page as text (textContent), never as HTML.

const DEFAULT_BASE = new URL(".", import.meta.url).pathname.replace(/\/$/, "");

export class McpApiError extends Error {
  constructor(status, code, message, authUrl) {
    super(message);
    this.name = "McpApiError";
    this.status = status;
    this.code = code;
    this.authUrl = authUrl; // set for code "authorization_required": where to send the user
  }
}

export function createMcpClient({ base = DEFAULT_BASE, maxBackoffMs = 30000 } = {}) {
  const listeners = new Set();
  let socket = null;
  let attempts = 0;
  let timer = null;
  let latest = null;
  let starting = null;

  async function request(method, path, body) {
    const response = await fetch(base + path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    if (!response.ok) {
      const err = (json && json.error) || {};
      throw new McpApiError(response.status, err.code || "http_" + response.status, err.message || response.statusText, err.authUrl);
    }
    return json;
  }

  function connectSocket() {
    if (socket || listeners.size === 0) return;
    const url = new URL(base + "/ws", location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(url);
    socket.onopen = () => { attempts = 0; };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== "cf_agent_mcp_servers") return;
      deliver(message.mcp);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      // capped exponential backoff with jitter, so a restarting server is not stampeded
      const delay = Math.min(maxBackoffMs, 500 * 2 ** Math.min(attempts++, 10)) * (0.5 + Math.random() / 2);
      timer = setTimeout(() => { timer = null; connectSocket(); }, delay);
    };
  }

  function deliver(state) {
    latest = state;
    for (const listener of listeners) listener(latest);
  }

  // The first subscription asks for the state over HTTP before opening the socket: the answer comes
  // at once, and the request gives a signed-out visitor the session owner the socket handshake needs.
  function start() {
    if (socket || timer || starting) return;
    starting = request("GET", "/servers")
      .then((state) => { if (!socket && listeners.size > 0) deliver(state); })
      .catch(() => { /* the socket retries; errors reach callers of the other methods */ })
      .finally(() => { starting = null; connectSocket(); });
  }

  return {
    /** Calls back with the owner's state now and on every change; returns an unsubscribe function. */
    onMcpUpdate(callback) {
      listeners.add(callback);
      if (latest) callback(latest);
      start();
      return () => {
        listeners.delete(callback);
        if (listeners.size === 0) {
          if (timer) { clearTimeout(timer); timer = null; }
          if (socket) { socket.onclose = null; socket.close(); socket = null; }
        }
      };
    },
    /** → {id, state, authUrl?} */
    addServer(name, url, options = {}) { return request("POST", "/servers", { name, url, ...options }); },
    /** The seed's shape: → {serverId, authUrl, message} or {serverId, status: "connected"} */
    connect(url, name) { return request("POST", "/connect", { url, name }); },
    disconnect(id) { return request("DELETE", "/servers/" + encodeURIComponent(id)); },
    retry(id) { return request("POST", "/servers/" + encodeURIComponent(id) + "/reconnect", {}); },
    /** Closes the session, keeping the server and its tokens: → {id, state: "not-connected"}; retry(id) reopens it. */
    closeConnection(id) { return request("POST", "/servers/" + encodeURIComponent(id) + "/close", {}); },
    callTool(id, name, args = {}) {
      return request("POST", "/servers/" + encodeURIComponent(id) + "/tools/" + encodeURIComponent(name), args);
    },
    getServers() { return request("GET", "/servers"); },
    /**
     * Answers a pending elicitation (state.elicitations[i].id): action "accept" (with the form's
     * content; omitted fields take the schema's defaults), "decline" or "cancel". A form the schema
     * refuses rejects with an McpApiError (status 400) naming the field; the elicitation stays pending.
     * mcp-elicitation.js renders one as a form with these answers wired.
     */
    answerElicitation(id, action, content) {
      return request("POST", "/elicitations/" + encodeURIComponent(id), content === undefined ? { action } : { action, content });
    },
    /**
     * Opens authUrl in a popup; resolves when the popup closes (or at once if popups are blocked).
     * onResult({serverId, state, error}) is called when the module's own end page (<path>/done, the
     * callback's target when the app configured no redirect) reports how the authorization ended;
     * error is text from remote servers: show it with textContent.
     */
    openAuthPopup(authUrl, { width = 600, height = 700, onResult } = {}) {
      const popup = window.open(authUrl, "mcp-oauth", `popup,width=${width},height=${height}`);
      if (!popup) {
        window.location.assign(authUrl);
        return Promise.resolve(false);
      }
      // only this popup, only from this origin: any other page may post messages to this window too
      const onMessage = (event) => {
        const data = event.data;
        if (event.origin !== window.location.origin || event.source !== popup) return;
        if (!data || data.type !== "mcp-oauth-callback" || typeof onResult !== "function") return;
        const text = (value) => (typeof value === "string" ? value : null);
        onResult({ serverId: text(data.serverId), state: text(data.state), error: text(data.error) });
      };
      window.addEventListener("message", onMessage);
      return new Promise((resolve) => {
        const poll = setInterval(() => {
          if (popup.closed) {
            clearInterval(poll);
            window.removeEventListener("message", onMessage);
            resolve(true);
          }
        }, 500);
      });
    },
  };
}
