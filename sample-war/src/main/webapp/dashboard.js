// The sample dashboard: plain DOM and the module's browser client, no build step.
// Everything that comes from a server (names, URLs, errors, tool output) goes in as text, never HTML.
import { createMcpClient } from "./mcp-client/mcp-oauth.js";
import { renderElicitation } from "./mcp-client/mcp-elicitation.js";

const mcp = createMcpClient();
const list = document.getElementById("servers");
const empty = document.getElementById("no-servers");
const addError = document.getElementById("add-error");
const serverTemplate = document.getElementById("server-template");
const toolTemplate = document.getElementById("tool-template");
const nodes = new Map(); // server id -> its <li>, kept across updates so typed arguments and results survive
const asks = new Map(); // elicitation id -> its form, kept across updates so typed answers survive

function showAddError(message) {
  addError.textContent = message || "";
  addError.hidden = !message;
}

async function add(name, url) {
  showAddError(null);
  try {
    await mcp.addServer(name, url);
  } catch (e) {
    showAddError(e.message);
  }
}

document.getElementById("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = document.getElementById("server-name").value.trim();
  const url = document.getElementById("server-url").value.trim();
  add(name, url).then(() => { if (addError.hidden) event.target.reset(); });
});

document.getElementById("add-demo").addEventListener("click", () => {
  add("demo", new URL("demo/mcp", document.baseURI).href);
});

function serverNode(id) {
  let li = nodes.get(id);
  if (li) return li;
  li = serverTemplate.content.firstElementChild.cloneNode(true);
  li.dataset.serverId = id;
  li.querySelector(".authorize").addEventListener("click", () => {
    if (li.authUrl) mcp.openAuthPopup(li.authUrl);
  });
  li.querySelector(".retry").addEventListener("click", () => act(li, () => mcp.retry(id)));
  li.querySelector(".disconnect").addEventListener("click", () => act(li, () => mcp.disconnect(id)));
  nodes.set(id, li);
  list.append(li);
  return li;
}

async function act(li, action) {
  const error = li.querySelector(".server-error");
  try {
    await action();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

function updateServer(li, server, tools) {
  li.dataset.state = server.state;
  li.authUrl = server.auth_url;
  li.querySelector(".server-name").textContent = server.name;
  li.querySelector(".server-url").textContent = server.server_url;
  li.querySelector(".server-state").textContent = server.state;
  const error = li.querySelector(".server-error");
  // failed: why; authenticating: why enterprise sign-in gave no token, when it was tried
  const shown = server.state === "failed" ? (server.error || "Failed")
    : server.state === "authenticating" ? (server.error || "") : "";
  error.textContent = shown;
  error.hidden = shown === "";
  li.querySelector(".authorize").hidden = !(server.state === "authenticating" && server.auth_url);
  li.querySelector(".retry").hidden = server.state !== "failed" && server.state !== "not-connected";
  updateTools(li, server.state === "ready" ? tools : []);
}

function updateTools(li, tools) {
  const ul = li.querySelector(".tools");
  const wanted = new Set(tools.map((t) => t.name));
  for (const item of [...ul.children]) {
    if (!wanted.has(item.dataset.tool)) item.remove();
  }
  for (const tool of tools) {
    let item = [...ul.children].find((c) => c.dataset.tool === tool.name);
    if (!item) {
      item = toolItem(li.dataset.serverId, tool);
      ul.append(item);
    }
    item.querySelector(".tool-description").textContent = tool.description || "";
  }
  ul.hidden = tools.length === 0;
}

function toolItem(serverId, tool) {
  const item = toolTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.tool = tool.name;
  item.querySelector(".tool-name").textContent = tool.name;
  const args = item.querySelector(".tool-args");
  args.value = JSON.stringify(exampleArguments(tool.inputSchema));
  const result = item.querySelector(".tool-result");
  item.querySelector(".tool-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    result.hidden = false;
    result.classList.remove("error");
    let parsed;
    try {
      parsed = args.value.trim() === "" ? {} : JSON.parse(args.value);
    } catch (e) {
      result.classList.add("error");
      result.textContent = "Arguments are not valid JSON: " + e.message;
      return;
    }
    result.textContent = "Calling " + tool.name + "…";
    try {
      const answer = await mcp.callTool(serverId, tool.name, parsed);
      result.classList.toggle("error", answer.isError === true);
      result.textContent = describe(answer);
    } catch (e) {
      result.classList.add("error");
      result.textContent = e.message;
    }
  });
  return item;
}

function exampleArguments(schema) {
  const example = {};
  const properties = (schema && schema.properties) || {};
  for (const [name, property] of Object.entries(properties)) {
    example[name] = property.type === "number" || property.type === "integer" ? 0
      : property.type === "boolean" ? false : "";
  }
  return example;
}

function describe(answer) {
  const content = Array.isArray(answer.content) ? answer.content : [];
  if (content.length > 0 && content.every((c) => c.type === "text")) {
    return content.map((c) => c.text).join("\n");
  }
  return JSON.stringify(answer, null, 2);
}

mcp.onMcpUpdate((state) => {
  const servers = state.servers || {};
  for (const [id, li] of nodes) {
    if (!(id in servers)) {
      li.remove();
      nodes.delete(id);
    }
  }
  for (const [id, server] of Object.entries(servers)) {
    updateServer(serverNode(id), server, (state.tools || []).filter((t) => t.serverId === id));
  }
  empty.hidden = nodes.size > 0;
  updateElicitations(state.elicitations || [], servers);
});

function updateElicitations(pending, servers) {
  const container = document.getElementById("elicitations");
  const wanted = new Set(pending.map((e) => e.id));
  for (const [id, form] of asks) {
    if (!wanted.has(id)) {
      form.remove();
      asks.delete(id);
    }
  }
  for (const elicitation of pending) {
    if (asks.has(elicitation.id)) continue;
    const form = renderElicitation(mcp, elicitation);
    const server = servers[elicitation.serverId];
    form.prepend(Object.assign(document.createElement("strong"), { textContent: server ? server.name : elicitation.serverId }));
    asks.set(elicitation.id, form);
    container.append(form);
  }
  document.getElementById("elicitations-section").hidden = asks.size === 0;
}
