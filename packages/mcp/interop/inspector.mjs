#!/usr/bin/env node
// Interoperability: the MCP Inspector's CLI mode (@modelcontextprotocol/inspector --cli) against the
// built server, over stdio and over Streamable HTTP, with the embedded sandbox; then, on Node >= 22 (it
// needs fs.globSync), the conformance suite's scenarios that apply to any server (the others expect the
// reference server's fixture tools, resources and prompts). Not part of `npm test`: both are fetched
// through npx (the npm registry or its cache). Exits 1 if a check fails.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const CONFORMANCE = '@modelcontextprotocol/conformance@0.1.16';
const GENERIC = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];
const BIN = new URL('../dist/bin.cjs', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'jo-inspector-'));
const { JUSTONEAPI_TOKEN: _t, ...env } = process.env;
// The Inspector keeps a catalog of servers: a throwaway one, not the user's.
env.MCP_CATALOG_PATH = join(scratch, 'catalog.json');

function inspect(target, args) {
  const out = execFileSync('npx', ['-y', INSPECTOR, '--cli', ...target, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
  return JSON.parse(out.slice(out.indexOf('{')));
}
const text = (r) => JSON.parse(r.content.map((c) => c.text).join(''));
function check(what, ok) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) process.exitCode = 1;
}

async function suite(name, target, extra = []) {
  const list = inspect(target, [...extra, '--method', 'tools/list']);
  check(
    `${name}: tools/list has the four tools`,
    list.tools.map((t) => t.name).join() ===
      'search_operations,describe_operation,call_operation,session_usage',
  );
  const search = text(
    inspect(target, [
      ...extra,
      '--method',
      'tools/call',
      '--tool-name',
      'search_operations',
      '--tool-arg',
      'query=小红书用户搜索',
    ]),
  );
  check(
    `${name}: search 小红书用户搜索 → xiaohongshu.searchUsers`,
    search.hits[0]?.id === 'xiaohongshu.searchUsers',
  );
  const call = text(
    inspect(target, [
      ...extra,
      '--method',
      'tools/call',
      '--tool-name',
      'call_operation',
      '--tool-arg',
      'operation=xiaohongshu.searchUsers',
      'params={"keyword":"coffee"}',
    ]),
  );
  check(
    `${name}: call_operation returns rows marked as sample data`,
    call.rows?.length > 0 && /Sample/.test(call.sample),
  );
}

try {
  await suite('stdio', ['node', BIN]);
  const server = spawn(process.execPath, [BIN, '--http', '0'], { env });
  try {
    const url = await new Promise((resolve, reject) => {
      let log = '';
      server.stderr.on('data', (d) => {
        log += d;
        const m = /listening on (http:\/\/\S+\/mcp)/.exec(log);
        if (m) resolve(m[1]);
      });
      server.on('exit', () => reject(new Error(log)));
    });
    await suite('http', [url], ['--transport', 'http']);
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      for (const scenario of GENERIC) {
        let ok = true;
        try {
          execFileSync('npx', ['-y', CONFORMANCE, 'server', '--url', url, '--scenario', scenario], {
            env,
            stdio: 'pipe',
            timeout: 180_000,
          });
        } catch {
          ok = false;
        }
        check(`http: conformance ${scenario}`, ok);
      }
    } else console.log(`skip conformance: it needs Node >= 22 (this is ${process.version})`);
  } finally {
    server.kill();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
