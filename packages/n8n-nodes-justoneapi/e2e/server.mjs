// The parts of the package that only a running n8n server exercises: the credential's Test button
// (POST /rest/credentials/test, as the editor calls it) and the node types the editor offers
// (/types/nodes.json, where `usableAsTool` adds the `…Tool` variant an AI Agent uses).
import { spawn } from 'node:child_process';

const BROWSER = { 'content-type': 'application/json', 'browser-id': 'e2e-browser' };
const OWNER = {
  email: 'e2e@example.com',
  firstName: 'E2E',
  lastName: 'Owner',
  password: 'E2e-owner-password-1',
};

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `n8n start`, waits until its REST API answers JSON, sets up the owner and logs in. */
export async function startServer(host, env, port) {
  const child = spawn(host.node, [host.n8n, 'start'], {
    env: { ...env, N8N_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => child.kill('SIGKILL'); // a throwaway user folder: no graceful shutdown needed
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}`);
      const r = await fetch(`${base}/rest/settings`).catch(() => undefined);
      // While starting, n8n answers every path with a "starting up" HTML page.
      if (r?.ok && (r.headers.get('content-type') ?? '').includes('json')) break;
      if (Date.now() > deadline) throw new Error('n8n start did not become ready in 120 s');
      await pause(500);
    }
    const setup = await fetch(`${base}/rest/owner/setup`, {
      method: 'POST',
      headers: BROWSER,
      body: JSON.stringify(OWNER),
    });
    if (!setup.ok) throw new Error(`owner setup: HTTP ${setup.status}`);
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    /** A REST call as the editor makes it: `{ status, body }`, errors included (activation reports them). */
    const request = async (path, body) => {
      const r = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { ...BROWSER, cookie },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      try {
        return { status: r.status, body: JSON.parse(text) };
      } catch {
        return { status: r.status, body: { text } };
      }
    };
    /** The same, for calls that must succeed: the parsed body. */
    const api = async (path, body) => {
      const r = await request(path, body);
      if (r.status < 200 || r.status > 299) throw new Error(`${path}: HTTP ${r.status}`);
      return r.body;
    };
    return { api, request, stop, output: () => output, base, cookie };
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${output.slice(-1500)}`);
  }
}

/** What the editor's credential Test button shows: `{ status: 'OK' | 'Error', message }`. */
export async function testCredential(server, data) {
  const credential = {
    name: `Just One API test ${Math.random().toString(36).slice(2)}`,
    type: 'justOneApi',
    data,
  };
  const created = await server.api('/rest/credentials', credential);
  return (await server.api('/rest/credentials/test', { credentials: { ...credential, id: created.data.id } }))
    .data;
}

/** The node types the editor lists, by name. */
export async function nodeTypes(server) {
  // One entry per node version (a versioned node appears once per version): keyed "name" (the newest) and "name@version".
  const types = await server.api('/types/nodes.json');
  const map = new Map();
  for (const t of types) {
    for (const v of [t.version].flat()) map.set(`${t.name}@${v}`, t);
    const prev = map.get(t.name);
    if (!prev || Math.max(...[t.version].flat()) > Math.max(...[prev.version].flat())) map.set(t.name, t);
  }
  return map;
}
