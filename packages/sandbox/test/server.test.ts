import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startSandbox,
  userSearchPage,
  noteFeedPage,
  parseMagicToken,
  defaultOperations,
  type Sandbox,
} from '../src/index.js';

const USERS = '/api/xiaohongshu/search-user/v2';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: ['sandbox', 'tok-A'] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

async function get(path: string, query: Record<string, string | number>, box = sandbox) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${box.url}${path}?${qs}`);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text,
    body: (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  };
}

describe('User Search V2', () => {
  it('answers the vendor envelope with 20 users shaped like the documented example', async () => {
    const r = await get(USERS, { token: 'sandbox', keyword: '咖啡', page: 1 });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/json/);
    expect(Object.keys(r.body).sort()).toEqual(['code', 'data', 'message', 'recordTime', 'requestId']);
    expect(r.body).toMatchObject({ code: 0, message: null });
    expect(r.body.recordTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const users = r.body.data.users;
    expect(users).toHaveLength(20);
    expect(new Set(users.map((u: { id: string }) => u.id)).size).toBe(20);
    for (const u of users) {
      expect(u.id).toMatch(/^[0-9a-f]{24}$/);
      expect(u.name).toContain('咖啡');
      expect(u.desc).toBe(`小红书号:${u.red_id}`);
      expect(u.link).toBe(`xhsdiscover://1/user/user.${u.id}`);
    }
    expect(users.some((u: { sub_title: string }) => /^粉丝 [\d.]+(万|亿)?$/.test(u.sub_title))).toBe(true);
    expect(r.body.data.filters.map((f: { name: string }) => f.name)).toEqual(['粉丝数量', '用户类型']);
  });

  it('is deterministic, pages to an end, and says has_more', async () => {
    const a = await get(USERS, { token: 'sandbox', keyword: 'x', page: 2 });
    const b = await get(USERS, { token: 'sandbox', keyword: 'x', page: 2 });
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.requestId).not.toBe(b.body.requestId);
    expect(a.body.data).toEqual(userSearchPage('x', 2));
    expect((await get(USERS, { token: 'sandbox', keyword: 'x', page: 5 })).body.data.has_more).toBe(false);
    expect((await get(USERS, { token: 'sandbox', keyword: 'x', page: 6 })).body.data.users).toEqual([]);
    expect(a.body.data.users[0].id).not.toBe(
      (await get(USERS, { token: 'sandbox', keyword: 'y', page: 2 })).body.data.users[0].id,
    );
  });
});

describe('Notes Feed V1', () => {
  it('answers 10 notes per page, repeating 2 of the previous page, then an empty page', async () => {
    const p1 = (await get(FEED, { token: 'sandbox', oid: 'homefeed_food_v3', page: 1 })).body.data;
    const p2 = (await get(FEED, { token: 'sandbox', oid: 'homefeed_food_v3', page: 2 })).body.data;
    expect(p1).toHaveLength(10);
    expect(p2).toHaveLength(10);
    expect(p2.slice(0, 2)).toEqual(p1.slice(-2));
    expect(p1[0].recommend.category_name).toBe('美食');
    expect(p1[0].title).toContain('美食');
    expect(p1[0]).toMatchObject({ model_type: 'note', user: { fstatus: 'none' } });
    expect(p1[0].images_list.length).toBeGreaterThan(0);
    expect((await get(FEED, { token: 'sandbox', oid: 'homefeed_food_v3', page: 7 })).body.data).toEqual([]);
  });

  it('defaults the feed id and matches noteFeedPage()', async () => {
    const r = await get(FEED, { token: 'sandbox' });
    expect(r.body.data).toEqual(noteFeedPage('homefeed_recommend', 1));
  });
});

describe('tokens and parameters', () => {
  it('answers 100 for a missing or unknown token: HTTP 401, or 200 in always200 mode', async () => {
    expect(await get(USERS, { token: 'nope', keyword: 'a' })).toMatchObject({
      status: 401,
      body: { code: 100, data: null, message: 'Invalid or inactive token: nope' },
    }); // echoes the token, the worst case clients must mask
    expect(await get(USERS, { keyword: 'a' })).toMatchObject({ status: 401, body: { code: 100 } });
    const box = await startSandbox({ errorHttpStatus: 'always200' });
    try {
      expect(await get(USERS, { token: 'nope', keyword: 'a' }, box)).toMatchObject({
        status: 200,
        body: { code: 100 },
      });
    } finally {
      await box.close();
    }
  });

  it.each([
    [USERS, { keyword: '' }, /keyword/],
    [USERS, { keyword: 'a', page: 0 }, /page/],
    [USERS, { keyword: 'a', page: 'abc' }, /page/],
    [FEED, { oid: 'bogus' }, /oid/],
  ])('400 for bad params on %s %j', async (path, query, message) => {
    const r = await get(path, { token: 'sandbox', ...query });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(400);
    expect(r.body.message).toMatch(message);
  });

  it('404 for unknown paths, not counted as an API call', async () => {
    const r = await get('/api/xiaohongshu/nope', { token: 'sandbox' });
    expect(r).toMatchObject({ status: 404, body: { code: 404 } });
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('scenarios', () => {
  it('parses the magic token grammar', () => {
    expect(parseMagicToken('sandbox-302x2')).toEqual({ code: 302, times: 2 });
    expect(parseMagicToken('sandbox-latency50+301x1')).toEqual({ latencyMs: 50, code: 301, times: 1 });
    expect(parseMagicToken('sandbox-every3-301')).toEqual({ every: 3, code: 301 });
    expect(parseMagicToken('sandbox-html502x1')).toEqual({ html502: true, times: 1 });
    expect(parseMagicToken('sandbox-what')).toBeUndefined();
    expect(parseMagicToken('sandbox')).toBeUndefined();
  });

  it('plays 302 twice, then succeeds; counts every request per token', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await get(USERS, { token: 'sandbox-302x2', keyword: 'a' })).body.code);
    expect(codes).toEqual([302, 302, 0]);
    expect(sandbox.stats.count({ token: 'sandbox-302x2', path: USERS })).toBe(3);
    expect(sandbox.stats.requests.map((r) => r.httpStatus)).toEqual([429, 429, 200]);
  });

  it('plays intermittent faults with every', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await get(USERS, { token: 'sandbox-every3-301', keyword: 'a' })).body.code);
    expect(codes).toEqual([0, 0, 301, 0, 0, 301]);
  });

  it.each([
    [303, 429],
    [600, 403],
    [601, 403],
    [500, 500],
    [503, 503],
    [101, 200],
  ])('code %i answers HTTP %i', async (code, status) => {
    expect(await get(USERS, { token: `sandbox-${code}`, keyword: 'a' })).toMatchObject({
      status,
      body: { code },
    });
  });

  it('answers an HTML 502 page and truncated JSON', async () => {
    const html = await get(USERS, { token: 'sandbox-html502', keyword: 'a' });
    expect(html.status).toBe(502);
    expect(html.type).toMatch(/text\/html/);
    expect(html.text).toMatch(/502 Bad Gateway/);
    const cut = await get(USERS, { token: 'sandbox-truncated', keyword: 'a' });
    expect(cut.status).toBe(200);
    expect(cut.text.startsWith('{"code":0')).toBe(true);
    expect(() => JSON.parse(cut.text)).toThrow();
  });

  it('resets the connection', async () => {
    await expect(fetch(`${sandbox.url}${USERS}?token=sandbox-reset&keyword=a`)).rejects.toThrow();
    expect(sandbox.stats.count({ token: 'sandbox-reset' })).toBe(1);
  });

  it('adds latency', async () => {
    const t0 = performance.now();
    await get(USERS, { token: 'sandbox-latency80', keyword: 'a' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });

  it('records a client that went away before the answer, and not one that was answered or reset', async () => {
    await expect(
      fetch(`${sandbox.url}${USERS}?token=sandbox-hang&keyword=a`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    await fetch(`${sandbox.url}${USERS}?token=sandbox&keyword=a`).then((r) => r.text());
    await fetch(`${sandbox.url}${USERS}?token=sandbox-reset&keyword=a`).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    expect(sandbox.stats.requests.map((r) => [r.token, r.clientAborted])).toEqual([
      ['sandbox-hang', true],
      ['sandbox', false],
      ['sandbox-reset', false],
    ]);
  });

  it('hangs until the client gives up, and close() still finishes at once', async () => {
    const box = await startSandbox();
    await expect(
      fetch(`${box.url}${USERS}?token=sandbox-hang&keyword=a`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    const pending = fetch(`${box.url}${USERS}?token=sandbox-hang&keyword=a`).catch((e) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await box.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('setScenario changes a token at run time and accepts it', async () => {
    sandbox.setScenario('tok-B', { code: 601 });
    expect((await get(USERS, { token: 'tok-B', keyword: 'a' })).body.code).toBe(601);
    sandbox.setScenario('tok-B', undefined);
    expect((await get(USERS, { token: 'tok-B', keyword: 'a' })).body.code).toBe(100);
    sandbox.setScenario('tok-A', { code: 303, times: 1 });
    expect((await get(USERS, { token: 'tok-A', keyword: 'a' })).body.code).toBe(303);
    expect((await get(USERS, { token: 'tok-A', keyword: 'a' })).body.code).toBe(0);
    sandbox.setScenario('tok-A', undefined);
  });
});

describe('operations override', () => {
  it('serves generic items for an operation it has no shape for', async () => {
    const op = {
      ...defaultOperations[0]!,
      id: 'x.list',
      operationId: 'x',
      path: '/api/x/list',
      params: [
        {
          name: 'page',
          in: 'query' as const,
          type: 'integer' as const,
          required: false,
          default: 1,
          displayName: 'Page',
          description: { en: '', zh: '' },
        },
      ],
      pagination: { state: [{ param: 'page', kind: 'page' as const }], items: 'items', id: 'item_id' },
      record: undefined,
    };
    const box = await startSandbox({ operations: [op] });
    try {
      const r = await get('/api/x/list', { token: 'sandbox', page: 1 }, box);
      expect(r.body.data.items).toHaveLength(5);
      expect(r.body.data.items[0].item_id).toMatch(/^[0-9a-f]{24}$/);
      expect(new Set(r.body.data.items.map((i: { item_id: string }) => i.item_id)).size).toBe(5);
      expect((await get('/api/x/list', { token: 'sandbox', page: 4 }, box)).body.data.items).toEqual([]);
    } finally {
      await box.close();
    }
  });
});

describe('justoneapi-sandbox CLI', () => {
  it('listens, serves and logs with the token redacted', async () => {
    const child = spawn(
      process.execPath,
      [new URL('../dist/cli.cjs', import.meta.url).pathname, '--port', '0', '--tokens', 'tok-CLI'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          const m = /listening on (http:\/\/\S+)/.exec(String(d));
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error('exited')));
      });
      let log = '';
      child.stderr.on('data', (d) => (log += d));
      const res = await fetch(`${url}${USERS}?token=tok-CLI&keyword=a`);
      expect((await res.json()).code).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(log).toContain('token=***');
      expect(log).not.toContain('tok-CLI');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
