'use strict';
// The MCP TypeScript SDK client side of the benchmark (scripts/bench): complete OAuth flows with the
// SDK's StreamableHTTPClientTransport and its client/auth provider (the SDK's own in-memory example
// provider), as an application would drive them. Usage: node ts-flows.cjs <mcp-server-url>.
// Reads one command per line on stdin, "flows <n>", and answers one line on stdout: "ok <the
// process's CPU time during the batch, ms> <each flow's ms>..." or "error <JSON string>". Plain text,
// so the harness reads it without the JSON parser the measured flows use (see TsFlows.java).
// Exits when stdin closes.
const readline = require('node:readline');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { UnauthorizedError } = require('@modelcontextprotocol/sdk/client/auth.js');
const { InMemoryOAuthClientProvider } =
  require('@modelcontextprotocol/sdk/examples/client/simpleOAuthClientProvider.js');

const serverUrl = new URL(process.argv[2]);
const callbackUrl = 'http://127.0.0.1:3999/mcp-client/callback';
const metadata = {
  client_name: 'mcp-ts-sdk bench client',
  redirect_uris: [callbackUrl],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};
const TIMEOUT_MS = 30000;

/** What a browser and a consenting user do: GET the authorization URL, read the redirect's code. */
async function consent(authorizationUrl) {
  const response = await fetch(authorizationUrl, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`authorization endpoint answered ${response.status}`);
  }
  const code = new URL(location, authorizationUrl).searchParams.get('code');
  if (!code) {
    throw new Error('authorization redirect carries no code');
  }
  return code;
}

/** One complete flow: 401, discovery, registration, authorization, token, connect, list tools. */
async function flow() {
  let authorizationUrl;
  const provider = new InMemoryOAuthClientProvider(callbackUrl, metadata, url => { authorizationUrl = url; });
  const first = new Client({ name: 'bench', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  try {
    await first.connect(transport, { timeout: TIMEOUT_MS });
    throw new Error('the server did not ask for authorization');
  } catch (e) {
    if (!(e instanceof UnauthorizedError) || !authorizationUrl) {
      throw e;
    }
  }
  await transport.finishAuth(await consent(authorizationUrl));
  await first.close();
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: provider }), { timeout: TIMEOUT_MS });
  const tools = await client.listTools(undefined, { timeout: TIMEOUT_MS });
  if (tools.tools.length === 0) {
    throw new Error('no tools listed');
  }
  await client.close();
}

/** Runs n flows: the milliseconds each took, and the CPU time (user + system) the process used meanwhile. */
async function flows(n) {
  const ms = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await flow();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', line => {
  queue = queue.then(async () => {
    const [command, arg] = line.trim().split(/\s+/);
    try {
      if (command !== 'flows') {
        throw new Error(`unknown command: ${command}`);
      }
      const batch = await flows(Number(arg));
      process.stdout.write(['ok', batch.cpuMs, ...batch.ms].join(' ') + '\n');
    } catch (e) {
      process.stdout.write('error ' + JSON.stringify(String(e && e.stack || e)) + '\n');
    }
  });
});
lines.on('close', () => queue.finally(() => process.exit(0)));
