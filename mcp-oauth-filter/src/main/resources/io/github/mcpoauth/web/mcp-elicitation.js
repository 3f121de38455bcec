// mcp-elicitation.js: renders a server's pending elicitation (state.elicitations[i]) as a form.
//
//   import { renderElicitation } from "/app/mcp-client/mcp-elicitation.js";
//   container.append(renderElicitation(mcp, elicitation));
//
// Everything in an elicitation comes from a remote server: it goes into the page as text and as
// attribute values, never as HTML. A URL elicitation shows the whole URL and opens it only when the
// user presses "Open" (never fetched before), in a new window without access to this one.

const TEXT_FORMATS = { email: "email", uri: "url", date: "date" };

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (value !== undefined && value !== null) node[key] = value;
  }
  node.append(...children);
  return node;
}

function choicesOf(p) {
  if (Array.isArray(p.enum)) return p.enum.map((v, i) => ({ value: String(v), label: String((p.enumNames || [])[i] || v) }));
  const options = p.oneOf || p.anyOf || [];
  return options.filter((o) => o && o.const !== undefined).map((o) => ({ value: String(o.const), label: String(o.title || o.const) }));
}

function field(name, p, required) {
  const label = el("label", { className: "mcp-elicitation-field" }, [el("span", { text: (p.title || name) + (required ? " *" : "") })]);
  let input;
  let read;
  if (p.type === "boolean") {
    input = el("input", { type: "checkbox", checked: p.default === true });
    read = () => input.checked;
  } else if (p.type === "array") {
    const items = choicesOf(p.items || {});
    const chosen = new Set(Array.isArray(p.default) ? p.default.map(String) : []);
    input = el("select", { multiple: true }, items.map((c) => el("option", { value: c.value, text: c.label, selected: chosen.has(c.value) })));
    read = () => [...input.selectedOptions].map((o) => o.value);
  } else if (choicesOf(p).length > 0) {
    const choices = choicesOf(p);
    input = el("select", {}, [el("option", { value: "", text: "" }),
      ...choices.map((c) => el("option", { value: c.value, text: c.label, selected: c.value === String(p.default) }))]);
    read = () => (input.value === "" ? undefined : input.value);
  } else if (p.type === "number" || p.type === "integer") {
    input = el("input", { type: "number", step: p.type === "integer" ? "1" : "any", min: p.minimum, max: p.maximum,
      value: p.default === undefined ? "" : String(p.default) });
    read = () => (input.value === "" ? undefined : Number(input.value));
  } else {
    input = el("input", { type: TEXT_FORMATS[p.format] || "text", value: p.default === undefined ? "" : String(p.default) });
    if (Number.isInteger(p.maxLength) && p.maxLength >= 0) input.maxLength = p.maxLength;
    read = () => (input.value === "" ? undefined : input.value);
  }
  input.name = name;
  label.append(input);
  if (p.description) label.append(el("small", { text: p.description }));
  return { node: label, read };
}

/** A form answering {@code elicitation} through {@code mcp} (from createMcpClient); errors show as text in it. */
export function renderElicitation(mcp, elicitation) {
  const form = el("form", { className: "mcp-elicitation" });
  form.dataset.elicitationId = elicitation.id;
  const error = el("p", { className: "mcp-elicitation-error error", hidden: true });
  const answer = async (action, content) => {
    error.hidden = true;
    try {
      await mcp.answerElicitation(elicitation.id, action, content);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  };
  const button = (text, action, type = "button") => {
    const b = el("button", { type, text, className: "mcp-elicitation-" + action });
    if (type === "button") b.addEventListener("click", () => answer(action));
    return b;
  };
  form.append(el("p", { className: "mcp-elicitation-message", text: elicitation.message || "" }));
  if (elicitation.mode === "url") {
    const open = el("button", { type: "button", text: "Open", className: "mcp-elicitation-open" });
    open.addEventListener("click", () => {
      // the module admitted only http(s); checked again here, where the URL is opened
      let protocol = "";
      try { protocol = new URL(elicitation.url).protocol; } catch (e) { protocol = ""; }
      if (protocol !== "https:" && protocol !== "http:") {
        error.textContent = "This link cannot be opened.";
        error.hidden = false;
        return;
      }
      window.open(elicitation.url, "_blank", "noopener,noreferrer");
      answer("accept");
    });
    form.append(el("p", {}, [el("code", { className: "mcp-elicitation-url", text: elicitation.url })]),
      el("div", { className: "mcp-elicitation-actions" }, [open, button("Decline", "decline"), button("Cancel", "cancel")]), error);
    form.addEventListener("submit", (event) => event.preventDefault());
    return form;
  }
  const schema = elicitation.requestedSchema || {};
  const required = new Set(schema.required || []);
  const fields = Object.entries(schema.properties || {}).map(([name, p]) => [name, field(name, p || {}, required.has(name))]);
  form.append(...fields.map(([, f]) => f.node));
  form.append(el("div", { className: "mcp-elicitation-actions" },
    [button("Submit", "accept", "submit"), button("Decline", "decline"), button("Cancel", "cancel")]), error);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const content = {};
    for (const [name, f] of fields) {
      const value = f.read();
      if (value !== undefined) content[name] = value;
    }
    answer("accept", content);
  });
  return form;
}
