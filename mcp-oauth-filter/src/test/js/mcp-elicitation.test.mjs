// Unit tests of mcp-elicitation.js with Node's own test runner and a small fake DOM (no packages):
// what a server sends goes in as text, a URL opens only on the user's click, answers are posted.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

class FakeNode {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.dataset = {};
    this.listeners = {};
    this.textContent = "";
  }
  append(...nodes) { this.children.push(...nodes); }
  addEventListener(type, listener) { this.listeners[type] = listener; }
  fire(type) { return this.listeners[type]({ preventDefault() {} }); }
  all() { return [this, ...this.children.flatMap((c) => (c instanceof FakeNode ? c.all() : []))]; }
  find(predicate) { return this.all().find(predicate); }
  get innerHTML() { throw new Error("the renderer must not read or write HTML"); }
  set innerHTML(value) { throw new Error("the renderer must not read or write HTML"); }
}

const opened = [];
globalThis.document = { createElement: (tag) => new FakeNode(tag) };
globalThis.window = { open: (...args) => opened.push(args) };

const { renderElicitation } = await import("../../main/resources/io/github/mcpoauth/web/mcp-elicitation.js");

const answers = [];
const mcp = {
  answerElicitation: async (id, action, content) => { answers.push(content === undefined ? [id, action] : [id, action, content]); },
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  opened.length = 0;
  answers.length = 0;
});

test("a URL elicitation shows the whole URL as text and opens it only when Open is pressed", async () => {
  const url = "https://bank.example/connect?a=<b>&c=1";
  const form = renderElicitation(mcp, { id: "e1", mode: "url", message: "<img src=x onerror=alert(1)>", url });
  assert.equal(opened.length, 0, "nothing is opened or fetched before the user chooses");
  assert.ok(form.find((n) => n.tagName === "P" && n.textContent === "<img src=x onerror=alert(1)>"));
  assert.ok(form.find((n) => n.tagName === "CODE" && n.textContent === url));

  form.find((n) => n.className === "mcp-elicitation-open").fire("click");
  await settle();
  assert.deepEqual(opened, [[url, "_blank", "noopener,noreferrer"]]);
  assert.deepEqual(answers, [["e1", "accept"]]);
});

test("a URL that is not http(s) is never opened, even if one reached the page", async () => {
  const form = renderElicitation(mcp, { id: "e2", mode: "url", message: "m", url: "javascript:alert(1)" });
  form.find((n) => n.className === "mcp-elicitation-open").fire("click");
  await settle();
  assert.deepEqual(opened, []);
  assert.deepEqual(answers, []);
  assert.equal(form.find((n) => n.className === "mcp-elicitation-error error").hidden, false);
});

test("a form starts at the schema's defaults, posts what is filled in, omits empty fields, and declines", async () => {
  const form = renderElicitation(mcp, { id: "e3", mode: "form", message: "Who?", requestedSchema: {
    type: "object", required: ["name"], properties: {
      name: { type: "string", title: "<b>Name</b>" },
      age: { type: "integer", default: 30 },
      note: { type: "string" },
      ok: { type: "boolean", default: true },
    } } });
  assert.ok(form.find((n) => n.tagName === "SPAN" && n.textContent === "<b>Name</b> *"));
  form.find((n) => n.name === "name").value = "Ada";
  form.fire("submit");
  await settle();
  assert.deepEqual(answers, [["e3", "accept", { name: "Ada", age: 30, ok: true }]]);

  form.find((n) => n.className === "mcp-elicitation-decline").fire("click");
  await settle();
  assert.deepEqual(answers[1], ["e3", "decline"]);
});
