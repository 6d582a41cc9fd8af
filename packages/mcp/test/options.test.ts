// The bin's options: the CLI's token/region/base-url rules, the spend flags, HTTP bound to loopback
// and needing a bearer token when the server has none of its own for its custom base URL.
import { execFile, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';
import { BIN } from './harness.js';

const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );

describe('options', () => {
  it('--base-url or --region without a token is an error over stdio', async () => {
    const r = await run(['--base-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base-url needs a token (--token or JUSTONEAPI_TOKEN)');
    expect(() => parseOptions(['--region', 'cn'], {})).toThrow('--region needs a token');
    expect(() => parseOptions(['--region', 'mars'], { JUSTONEAPI_TOKEN: 't' })).toThrow('global or cn');
  });

  it('reads the CLI environment and the spend settings, flags first', () => {
    const o = parseOptions(['--budget', '7'], {
      JUSTONEAPI_TOKEN: ' t1 ',
      JUSTONEAPI_BASE_URL: 'http://x',
      JUSTONEAPI_MCP_BUDGET: '99',
      JUSTONEAPI_MCP_CONFIRM_ABOVE: '2',
    });
    expect(o).toMatchObject({
      transport: 'stdio',
      token: 't1',
      baseUrl: 'http://x',
      budget: 7,
      confirmAbove: 2,
    });
    expect(parseOptions(['--http'], {})).toMatchObject({ transport: 'http', port: 8808, host: '127.0.0.1' });
    expect(parseOptions(['--http', '9000'], {})).toMatchObject({ port: 9000 });
    expect(() => parseOptions(['--budget', '0'], {})).toThrow('--budget must be a whole number >= 1');
    expect(() => parseOptions(['--colour'], {})).toThrow();
  });

  it('HTTP binds to 127.0.0.1 and, with a custom base URL and no token, asks for a bearer token', async () => {
    const child = spawn(process.execPath, [BIN, '--http', '0', '--base-url', 'http://127.0.0.1:9'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    try {
      let log = '';
      const url = await new Promise<string>((resolve) =>
        child.stderr.on('data', (d) => {
          log += d;
          const m = /listening on (http:\/\/\S+\/mcp)/.exec(log);
          if (m) resolve(m[1]!);
        }),
      );
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    } finally {
      child.kill();
    }
  });
});
