// The MCP server end to end: the built bin, the official MCP client, over stdio and over Streamable
// HTTP, against the sandbox over real HTTP. Every paid request is counted at the sandbox.
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { documentedOperations } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Connected, connect, type Mode } from './harness.js';

const TOKEN = 'tok-MCP-E2E-SECRET';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.stats.reset());

const sent = () => sandbox.stats.total();

describe.each<Mode>(['stdio', 'http'])('over %s', (mode) => {
  const open = (flags: string[] = []) =>
    connect(mode, {
      flags: ['--base-url', sandbox.url, ...flags],
      ...(mode === 'stdio' ? { token: TOKEN } : { bearer: TOKEN }),
    });
  let mcp: Connected;
  beforeAll(async () => {
    mcp = await open();
  });
  afterAll(async () => {
    // The token appears in no result and no log line.
    expect(mcp.seen.join('\n')).not.toContain(TOKEN);
    expect(mcp.stderr()).not.toContain(TOKEN);
    await mcp.close();
  });

  it('lists four tools, the call tool annotated as reaching a paid external system', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'search_operations',
      'describe_operation',
      'call_operation',
      'session_usage',
    ]);
    const call = tools.find((t) => t.name === 'call_operation')!;
    expect(call.annotations).toMatchObject({
      readOnlyHint: false,
      openWorldHint: true,
      idempotentHint: false,
    });
    expect(call.title).toMatch(/billed/);
    for (const t of tools.filter((t) => t.name !== 'call_operation'))
      expect(t.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    // Under 1,500 tokens at chars/4 (bench/tokens.mjs prints the tokenizer's count).
    expect(JSON.stringify(tools).length / 4).toBeLessThan(1500);
  });

  it('search finds the operation in English and in Chinese, with the vendor warnings', async () => {
    const top = async (query: string) =>
      (await mcp.call('search_operations', { query })).json.hits.map((h: { id: string }) => h.id);
    expect((await top('xiaohongshu user search'))[0]).toBe('xiaohongshu.searchUsers');
    expect((await top('小红书用户搜索'))[0]).toBe('xiaohongshu.searchUsers');
    expect((await top('微信视频号 视频搜索')).slice(0, 3)).toContain('weixinChannels.searchVideoV1');
    expect((await top('douyin video search'))[0]).toMatch(/^douyin\.searchVideo/);
    const toutiao = (await mcp.call('search_operations', { query: 'toutiao search' })).json.hits;
    const hit = toutiao.find((h: { id: string }) => h.id === 'toutiao.searchV2');
    expect(hit.warnings.join(' ')).toContain('This endpoint returns only the first page of search results.');
    expect(hit.paged).toBe(false);
    const none = (await mcp.call('search_operations', { query: 'zzqqxx' })).json;
    expect(none.hits).toEqual([]);
    expect(none.hint).toMatch(/nothing matched/);
    expect(sent()).toBe(0);
  });

  it('describe gives parameters, enum labels, defaults, paging and the vendor notes', async () => {
    const d = (await mcp.call('describe_operation', { operation: 'weixinChannels.searchVideoV1' })).json;
    expect(d.request).toBe('POST /api/weixin-channels/search-video/v1 (form body)');
    expect(d.params.find((p: { name: string }) => p.name === 'keyword')).toMatchObject({ required: true });
    expect(d.paging.params).toEqual(['cookies_buffer', 'currentPage', 'offset']);
    const feed = (await mcp.call('describe_operation', { operation: 'xiaohongshu.getNoteFeed' })).json;
    const oid = feed.params.find((p: { name: string }) => p.name === 'oid');
    expect(oid.enum.join(' ')).toContain('美食');
    expect(feed.paging.item_id).toBe('id');
    const jd = (await mcp.call('describe_operation', { operation: 'jd.getItemDetailV2' })).json;
    expect(jd.notes).toContain('danger: Direct calls to this endpoint do not fetch product data.');
    const bad = await mcp.call('describe_operation', { operation: 'xiaohongshu.serchUsers' });
    expect(bad.isError).toBe(true);
    expect(bad.json.error.message).toContain('Did you mean "xiaohongshu.searchUsers"');
    expect(sent()).toBe(0);
  });

  it('calls a GET operation: compact rows, usage, the token in the query', async () => {
    const r = await mcp.call('call_operation', {
      operation: 'xiaohongshu.getUserV3',
      params: { userId: '5a1b2c' },
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.json.rows.length).toBeGreaterThan(0);
    expect(r.json.rows[0].length).toBe(r.json.columns.length);
    expect(r.json.call).toMatch(/^1 request \(1 ok\)/);
    expect(sent()).toBe(1);
    const req = sandbox.stats.requests[0]!;
    expect(req).toMatchObject({ method: 'GET', path: '/api/xiaohongshu/get-user/v3', token: TOKEN });
    expect(req.urlQuery.userId).toBe('5a1b2c');
  });

  it('calls a POST form operation with the token in the form body', async () => {
    const r = await mcp.call('call_operation', {
      operation: 'weixinChannels.searchVideoV1',
      params: { keyword: '咖啡' },
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.json.rows.length).toBeGreaterThan(0);
    expect(r.json.resume.currentPage).toBe(2);
    const req = sandbox.stats.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.contentType).toContain('application/x-www-form-urlencoded');
    expect(req.form.keyword).toBe('咖啡');
    expect(req.form.token).toBe(TOKEN);
    expect(req.urlQuery.token).toBeUndefined();
  });

  it('pages a paged operation, and resumes from the point it returned', async () => {
    const r = await mcp.call('call_operation', {
      operation: 'xiaohongshu.searchUsers',
      params: { keyword: 'coffee' },
      pages: 2,
    });
    expect(r.isError, r.text).toBe(false);
    expect(sent()).toBe(2);
    expect(r.json.stop).toBe('limit');
    expect(r.json.resume).toEqual({ keyword: 'coffee', page: 3 });
    const next = await mcp.call('call_operation', {
      operation: 'xiaohongshu.searchUsers',
      params: r.json.resume,
      columns: ['name', 'followers', 'nope'],
    });
    expect(next.json.columns).toEqual(['name', 'followers']);
    expect(next.json.unknown_columns).toEqual(['nope']);
    expect(next.json.rows[0]).toHaveLength(2);
    expect(sandbox.stats.requests.map((q) => q.query.page)).toEqual(['1', '2', '3']);
  });

  it('only_new twice: the second run brings nothing new (documented id, and a chosen item_id)', async () => {
    const args = { operation: 'xiaohongshu.getNoteFeed', params: { oid: 'food' }, only_new: true };
    const first = await mcp.call('call_operation', args);
    expect(first.isError, first.text).toBe(false);
    expect(first.json.rows.length).toBeGreaterThan(0);
    const second = await mcp.call('call_operation', args);
    expect(second.json.rows).toEqual([]);
    expect(second.json.call).toMatch(/already seen/);
    const wx = { operation: 'weixinChannels.searchVideoV1', params: { keyword: 'tea' }, only_new: true };
    const missing = await mcp.call('call_operation', wx);
    expect(missing.isError).toBe(true);
    expect(missing.json.error.fix).toBe('itemId');
    expect(sent()).toBe(2);
    const a = await mcp.call('call_operation', { ...wx, item_id: 'id' });
    expect(a.json.rows.length).toBeGreaterThan(0);
    const b = await mcp.call('call_operation', { ...wx, item_id: 'id' });
    expect(b.json.rows).toEqual([]);
  });

  it('a dry run returns the estimate and sends nothing', async () => {
    const r = await mcp.call('call_operation', {
      operation: 'xiaohongshu.searchUsers',
      params: { keyword: 'coffee' },
      pages: 4,
      dry_run: true,
    });
    expect(r.json).toMatchObject({ dry_run: true, sent: 0 });
    expect(r.json.estimate).toMatch(/^at most 4 requests/);
    expect(sent()).toBe(0);
  });

  it('bad input, a missing confirmation or acknowledgement send nothing and say what to fix', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ operation: 'xiaohongshu.searchUsers', params: { keyword: 'a', colour: 'red' } }, 'colour'],
      [{ operation: 'xiaohongshu.searchUsers', params: {} }, 'keyword'],
      [{ operation: 'xiaohongshu.getNoteFeed', params: { oid: 'nonsense' } }, 'oid'],
      [{ operation: 'xiaohongshu.getUserV3', params: { userId: 'x' }, pages: 2 }, 'pages'],
      [{ operation: 'xiaohongshu.searchUsers', params: { keyword: 'a' }, pages: 6 }, 'confirm'],
      [{ operation: 'jd.getItemDetailV2', params: { itemId: '1' } }, 'acknowledge'],
      [{ more: 'r999@5' }, 'more'],
    ];
    for (const [args, fix] of cases) {
      const r = await mcp.call('call_operation', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.json.error).toMatchObject({ code: 'VALIDATION', fix, sent: 0 });
    }
    const schema = await mcp.client.callTool({ name: 'call_operation', arguments: { pages: 0 } });
    expect(schema.isError).toBe(true);
    expect(sent()).toBe(0);
    const ack = await mcp.call('call_operation', {
      operation: 'jd.getItemDetailV2',
      params: { itemId: '1' },
      acknowledge: true,
    });
    expect(ack.isError, ack.text).toBe(false);
    expect(sent()).toBe(1);
  });

  it('the session budget stops a run before the request past it, with the resume point', async () => {
    const small = await open(['--budget', '3', '--max-chars', '400']);
    try {
      const r = await small.call('call_operation', {
        operation: 'xiaohongshu.searchUsers',
        params: { keyword: 'coffee' },
        pages: 5,
      });
      expect(r.isError, r.text).toBe(false);
      expect(sent()).toBe(3);
      expect(r.json).toMatchObject({ stop: 'budget', resume: { keyword: 'coffee', page: 4 } });
      expect(r.json.session).toEqual({ requests: 3, budget: 3, remaining: 0 });
      // Truncated to the stated size: the rest is held and read without a request.
      expect(r.json.more).toMatch(/^r\d+@\d+$/);
      expect(r.json.more_hint).toContain('cut at 400 characters');
      expect(JSON.stringify(r.json.rows).length).toBeLessThanOrEqual(400 + 2);
      const more = await small.call('call_operation', { more: r.json.more });
      expect(more.json.rows.length).toBeGreaterThan(0);
      const after = await small.call('call_operation', {
        operation: 'xiaohongshu.getUserV3',
        params: { userId: 'x' },
      });
      expect(after.isError).toBe(true);
      expect(after.json.error.code).toBe('BUDGET');
      expect(sent()).toBe(3);
      const usage = (await small.call('session_usage')).json;
      expect(usage).toMatchObject({ requests: 3, budget: 3, remaining: 0 });
      expect(usage.by_operation).toEqual({ 'xiaohongshu.searchUsers': 3 });
    } finally {
      expect(small.seen.join('\n')).not.toContain(TOKEN);
      await small.close();
    }
  });
});

describe('a wrong token', () => {
  const WRONG = 'tok-WRONG-MCP-SECRET';
  it.each<Mode>(['stdio', 'http'])(
    'over %s: an MCP tool error with advice, the token masked',
    async (mode) => {
      const mcp = await connect(mode, {
        flags: ['--base-url', sandbox.url],
        ...(mode === 'stdio' ? { token: WRONG } : { bearer: WRONG }),
      });
      try {
        const r = await mcp.call('call_operation', {
          operation: 'xiaohongshu.getUserV3',
          params: { userId: 'x' },
        });
        expect(r.isError).toBe(true);
        expect(r.json.error.code).toBe(100);
        expect(r.json.error.message).toMatch(/token/i);
        // The sandbox echoes an invalid token in its message: the masking is what keeps it out.
        expect(sandbox.stats.requests.at(-1)!.token).toBe(WRONG);
        expect(r.text).not.toContain(WRONG);
        expect(mcp.stderr()).not.toContain(WRONG);
      } finally {
        await mcp.close();
      }
    },
  );
});

describe('a failure after a page', () => {
  it('is an MCP tool error with the advice, and still delivers the rows fetched and where to resume', async () => {
    // The sandbox's magic token: every 2nd request answers 302 (rate limited).
    const mcp = await connect('stdio', { flags: ['--base-url', sandbox.url], token: 'sandbox-every2-302' });
    try {
      const r = await mcp.call('call_operation', {
        operation: 'xiaohongshu.searchUsers',
        params: { keyword: 'coffee' },
        pages: 3,
      });
      expect(r.isError).toBe(true);
      expect(r.json.error).toMatchObject({ code: 302, retryable: true });
      expect(r.json.error.message).toMatch(/rate limit/i);
      expect(r.json.rows.length).toBeGreaterThan(0);
      expect(r.json.resume).toEqual({ keyword: 'coffee', page: 2 });
      // No silent retry: exactly the two requests the agent sees in `call`.
      expect(sent()).toBe(2);
      expect(r.json.call).toMatch(/^2 requests \(1 ok, 1 failed: 302×1\)/);
    } finally {
      await mcp.close();
    }
  });
});

describe('without a token', () => {
  it.each<Mode>(['stdio', 'http'])(
    'over %s: the embedded sandbox, every result says sample data',
    async (mode) => {
      const mcp = await connect(mode);
      try {
        const results = [
          await mcp.call('search_operations', { query: 'bilibili video' }),
          await mcp.call('describe_operation', { operation: 'xiaohongshu.searchUsers' }),
          await mcp.call('call_operation', {
            operation: 'xiaohongshu.searchUsers',
            params: { keyword: 'a' },
          }),
          await mcp.call('session_usage'),
        ];
        for (const r of results) expect(r.json.sample).toMatch(/Sample data/);
        expect(results[2]!.json.rows.length).toBeGreaterThan(0);
        expect(mcp.stderr()).toMatch(/embedded sandbox/);
      } finally {
        await mcp.close();
      }
    },
  );
});

describe('the catalog', () => {
  it('every operation is reachable through describe (none listed by hand)', async () => {
    expect(documentedOperations.length).toBeGreaterThan(0);
  });
});
