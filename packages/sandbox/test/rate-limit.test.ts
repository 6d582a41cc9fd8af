import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter, startSandbox, type Sandbox } from '../src/index.js';
import { parseRateLimit } from '../src/rate-limit.js';

const USERS = '/api/xiaohongshu/search-user/v2';
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function get(base: string, token: string, keyword = 'a') {
  const res = await fetch(`${base}${USERS}?token=${token}&keyword=${keyword}`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe('RateLimiter (injected clock)', () => {
  it('allows N per sliding second per token, then says how long until a slot frees', () => {
    let now = 10_000;
    const limit = new RateLimiter(2, () => now);
    expect(limit.take('a')).toBeUndefined();
    now += 300;
    expect(limit.take('a')).toBeUndefined();
    now += 100;
    expect(limit.take('a')).toBe(600); // the first slot frees at 11 000
    expect(limit.take('b')).toBeUndefined(); // per token
    now = 10_999;
    expect(limit.take('a')).toBe(1);
    now = 11_000;
    expect(limit.take('a')).toBeUndefined(); // a sliding window: only the 10 000 slot freed
    expect(limit.take('a')).toBe(300);
    expect(limit.counts('a')).toEqual({ allowed: 3, limited: 3 });
    expect(limit.counts('b')).toEqual({ allowed: 1, limited: 0 });
    expect(limit.counts()).toEqual({ allowed: 4, limited: 3 });
    expect(limit.counts('never')).toEqual({ allowed: 0, limited: 0 });
    limit.reset();
    expect(limit.counts()).toEqual({ allowed: 0, limited: 0 });
    expect(limit.take('a')).toBeUndefined();
  });

  it('a limited request does not use up a slot', () => {
    let now = 0;
    const limit = new RateLimiter({ perSecond: 1, windowMs: 1000 }, () => now);
    expect(limit.take('a')).toBeUndefined();
    for (let i = 0; i < 50; i++) {
      now += 10;
      expect(limit.take('a')).toBe(1000 - now);
    }
    now = 1000;
    expect(limit.take('a')).toBeUndefined();
  });

  it('refuses a rate that is not a positive whole number, by option and by flag', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new RateLimiter(bad)).toThrow(/whole number/);
    expect(parseRateLimit(' 12 ')).toBe(12);
    for (const bad of ['', '0', 'ten', '2.5', '-3'])
      expect(() => parseRateLimit(bad)).toThrow(/whole number/);
    return expect(startSandbox({ rateLimit: 0 })).rejects.toThrow(/whole number/);
  });
});

describe('sandbox rateLimit option (real HTTP)', () => {
  it('answers N at once normally and the rest with code 302, HTTP 429 and Retry-After; counts both', async () => {
    sandbox = await startSandbox({ tokens: ['tok-A', 'tok-B'], rateLimit: 3 });
    const burst = await Promise.all(Array.from({ length: 7 }, (_, i) => get(sandbox!.url, 'tok-A', `k${i}`)));
    const ok = burst.filter((r) => r.body.code === 0);
    const limited = burst.filter((r) => r.body.code === 302);
    expect(ok).toHaveLength(3);
    expect(limited).toHaveLength(4);
    for (const r of ok) expect([r.status, r.retryAfter, r.body.data.users.length]).toEqual([200, null, 20]);
    for (const r of limited) {
      expect(r.status).toBe(429);
      expect(r.retryAfter).toBe('1');
      expect(r.body).toMatchObject({ code: 302, data: null, message: 'Rate limit exceeded' });
    }
    // Another token has its own budget; a rejected token (code 100) is not counted.
    expect((await get(sandbox.url, 'tok-B')).body.code).toBe(0);
    expect((await get(sandbox.url, 'tok-WRONG')).body.code).toBe(100);
    expect(sandbox.rateLimit!.counts('tok-A')).toEqual({ allowed: 3, limited: 4 });
    expect(sandbox.rateLimit!.counts()).toEqual({ allowed: 4, limited: 4 });
    // The request log agrees with the counts.
    expect(sandbox.stats.requests.filter((r) => r.code === 302).length).toBe(4);
    expect(sandbox.stats.count({ token: 'tok-A' })).toBe(7);
  });

  it('is off by default: a burst is answered in full', async () => {
    sandbox = await startSandbox({ tokens: ['tok-A'] });
    const burst = await Promise.all(Array.from({ length: 30 }, () => get(sandbox!.url, 'tok-A')));
    expect(burst.every((r) => r.body.code === 0)).toBe(true);
    expect(sandbox.rateLimit).toBeUndefined();
  });

  it('the always200 mode sends the 302 with HTTP 200, still with Retry-After', async () => {
    sandbox = await startSandbox({ tokens: ['tok-A'], rateLimit: 1, errorHttpStatus: 'always200' });
    const [a, b] = await Promise.all([get(sandbox.url, 'tok-A'), get(sandbox.url, 'tok-A')]);
    const limited = [a, b].find((r) => r.body.code === 302)!;
    expect([limited.status, limited.retryAfter]).toEqual([200, '1']);
  });
});

describe('justoneapi-sandbox --rate-limit', () => {
  it('limits by the flag and rejects a bad value', async () => {
    const cli = new URL('../dist/cli.cjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [cli, '--port', '0', '--tokens', 'tok-CLI', '--rate-limit', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          const m = /listening on (http:\/\/\S+) .*rate limit 2\/s per token/.exec(String(d));
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error('exited')));
      });
      const burst = await Promise.all(Array.from({ length: 5 }, () => get(url, 'tok-CLI')));
      expect(burst.map((r) => r.body.code).sort()).toEqual([0, 0, 302, 302, 302]);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = spawn(process.execPath, [cli, '--port', '0', '--rate-limit', 'lots'], { stdio: 'pipe' });
    let err = '';
    bad.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => bad.on('exit', r));
    expect(code).toBe(1);
    expect(err).toMatch(/rate limit must be a whole number .*"lots"/);
  });
});
