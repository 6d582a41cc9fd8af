import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, noteFeedPage, type Sandbox } from '@justoneapi/sandbox';
import { toNoteRecord, toUserRecord } from '@justoneapi/sdk/core';
import { catchNode, configNode, feedNode, helper, usersNode, xhsNode } from './helper';

const SECRET = 'tok-NR-UNIT-SECRET';
const USERS = '/api/xiaohongshu/search-user/v2';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [SECRET], userPages: 3, feedPages: 4 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await helper.startServer();
});
afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
  sandbox.stats.reset();
});

interface Msg {
  payload?: any;
  justoneapi?: any;
  error?: any;
  [k: string]: any;
}

/** A tab with config -> node under test -> collector, plus a Catch node feeding a second collector. */
async function load(
  type: string,
  props: Record<string, unknown>,
  token: string | null = SECRET,
  configProps: Record<string, unknown> = {},
) {
  const flow = [
    { id: 'tab', type: 'tab', label: 't' },
    {
      id: 'cfg',
      type: 'justoneapi-config',
      z: 'tab',
      region: 'custom',
      baseUrl: sandbox.url,
      timeoutMs: 5000,
      maxRetries: 2,
      ...configProps,
    },
    { id: 'n1', type, z: 'tab', config: 'cfg', wires: [['out']], ...props },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
  await helper.unload();
  await helper.load(
    [configNode, usersNode, feedNode, xhsNode, catchNode],
    flow,
    token === null ? {} : { cfg: { token } },
  );
  const messages: Msg[] = [];
  const errors: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m));
  helper.getNode('caught').on('input', (m: Msg) => errors.push(m));
  const node = helper.getNode('n1');
  const statuses: any[] = [];
  node.on('call:status', (call: { args: any[] }) => statuses.push(call.args[0]));
  return { node, messages, errors, statuses };
}

/** Sends a message and waits until the node reports done (success or failure). */
function run(ctx: Awaited<ReturnType<typeof load>>, msg: Msg = {}) {
  return new Promise<void>((resolve) => {
    const before = ctx.messages.length + ctx.errors.length;
    const timer = setInterval(() => {
      const last = ctx.statuses.at(-1);
      if (
        last &&
        (last.fill === 'green' || last.fill === 'red' || last.fill === 'yellow') &&
        ctx.messages.length + ctx.errors.length > before
      ) {
        clearInterval(timer);
        setTimeout(resolve, 20);
      }
    }, 10);
    ctx.node.receive(msg);
  });
}

const users = (kw: string, page: number) => userSearchPage(kw, page, { userPages: 3 }).users as unknown[];

describe('justoneapi-xhs-users', () => {
  it('sends one message with all pages as flat records, with msg.justoneapi', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: '咖啡', pages: 3, mode: 'all' });
    await run(ctx, { topic: 'keep-me' });
    expect(ctx.messages).toHaveLength(1);
    const m = ctx.messages[0]!;
    expect(m.payload).toEqual([1, 2, 3].flatMap((p) => users('咖啡', p)).map(toUserRecord));
    expect(m.topic).toBe('keep-me');
    expect(m.justoneapi).toMatchObject({ code: 0, page: 3, count: 60, operation: 'xiaohongshu.searchUsers' });
    expect(m.justoneapi.requestId).toBeTruthy();
    expect(ctx.statuses[0]).toMatchObject({ fill: 'blue', text: 'requesting…' });
    expect(ctx.statuses.at(-1)).toMatchObject({ fill: 'green', text: '60 items · 3 req' });
    expect(ctx.statuses.some((s) => s.text === 'page 2: 40')).toBe(true);
  });

  it('uses msg.keyword and msg.page when the fields are blank; node fields win', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: '', page: '', pages: 1 });
    await run(ctx, { keyword: '茶', page: 2 });
    expect(sandbox.stats.requests.map((r) => [r.query.keyword, r.query.page])).toEqual([['茶', '2']]);
    const fixed = await load('justoneapi-xhs-users', { keyword: '咖啡', page: '', pages: 1 });
    await run(fixed, { keyword: '茶' });
    expect(sandbox.stats.requests.at(-1)!.query.keyword).toBe('咖啡');
  });

  it('one message per page, raw items', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a', pages: 2, mode: 'page', output: 'raw' });
    await run(ctx);
    expect(ctx.messages.map((m) => m.justoneapi.page)).toEqual([1, 2]);
    expect(ctx.messages[1]!.payload).toEqual(users('a', 2));
  });

  it('one message per item, up to the limit', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a', pages: 5, limit: 25, mode: 'item' });
    await run(ctx);
    expect(ctx.messages).toHaveLength(25);
    expect(ctx.messages[24]!.payload).toEqual(toUserRecord(users('a', 2)[4]));
    expect(ctx.messages[24]!.justoneapi).toMatchObject({ page: 2, index: 4 });
    expect(sandbox.stats.count({ path: USERS })).toBe(2);
  });
});

describe('justoneapi-xhs-feed', () => {
  it('de-duplicates notes across pages and accepts msg.oid labels', async () => {
    const ctx = await load('justoneapi-xhs-feed', { oid: '', pages: 10 });
    await run(ctx, { oid: 'food' });
    const raw = [1, 2, 3, 4].flatMap(
      (p) => noteFeedPage('homefeed_food_v3', p, { feedPages: 4 }) as Array<{ id: string }>,
    );
    const unique = [...new Map(raw.map((n) => [n.id, n])).values()];
    expect(ctx.messages[0]!.payload).toEqual(unique.map(toNoteRecord));
    expect(sandbox.stats.requests.every((r) => r.query.oid === 'homefeed_food_v3')).toBe(true);
  });

  it('accepts a Chinese feed label in msg.oid', async () => {
    const ctx = await load('justoneapi-xhs-feed', { oid: '', pages: 1 });
    await run(ctx, { oid: '旅行' });
    expect(ctx.messages).toHaveLength(1);
    expect(sandbox.stats.requests.map((r) => r.query.oid)).toEqual(['homefeed_travel_v3']);
  });
});

describe('errors reach Catch nodes', () => {
  it.each([
    ['sandbox-100', 100, 'red', 'bad token (100)'],
    ['sandbox-303', 303, 'red', 'quota used up (303)'],
    ['sandbox-601', 601, 'red', 'no balance (601)'],
    ['sandbox-600', 600, 'red', 'no permission (600)'],
    ['sandbox-302', 302, 'yellow', 'rate limited (302)'],
    ['sandbox-301', 301, 'red', 'collect failed (301)'],
    ['sandbox-400', 400, 'red', 'bad params (400)'],
    ['sandbox-500', 500, 'red', 'server error (500)'],
    ['sandbox-503', 503, 'red', 'server busy (503)'],
  ])('%s -> done(err), status shows the code', async (token, code, fill, status: string) => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, token, { maxRetries: 0 });
    await run(ctx, { _keep: 1 });
    expect(ctx.messages).toHaveLength(0);
    expect(ctx.errors).toHaveLength(1);
    const e = ctx.errors[0]!;
    expect(e.error.message).toMatch(new RegExp(`\\(code ${code}\\)`));
    // Advice first, plain text, no class name.
    expect(e.error.message).not.toMatch(/Error:|^Just One API code/);
    expect(e.error.message).toMatch(/^[A-Z][a-z]+ /);
    expect(e.error.source.id).toBe('n1');
    expect(e.justoneapi).toMatchObject({ code });
    expect(e._keep).toBe(1);
    expect(ctx.statuses.at(-1)).toMatchObject({ fill, text: status });
    expect(status.length).toBeLessThanOrEqual(20);
  });

  it('retries what can succeed on retry, then delivers', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, 'sandbox-301x1', { maxRetries: 2 });
    await run(ctx);
    expect(ctx.errors).toHaveLength(0);
    expect(ctx.messages).toHaveLength(1);
    expect(sandbox.stats.count({ token: 'sandbox-301x1' })).toBe(2);
  });

  it.each([
    [{ keyword: '' }, {}, /keyword is required/],
    [{ keyword: '  ' }, { keyword: ' ' }, /keyword must not be empty/],
    [{ keyword: 'a', page: '0' }, {}, /page must be >= 1/],
    [{ keyword: 'a', limit: 'abc' }, {}, /Set Limit to a whole number ≥ 1 \(got "abc"\)/],
    [{ keyword: 'a', limit: '0' }, {}, /Set Limit to a whole number ≥ 1/],
    [{ keyword: 'a', pages: '2.5' }, {}, /Set Pages to a whole number ≥ 1/],
    [{ keyword: 'a', pages: 'x' }, {}, /Set Pages to a whole number ≥ 1/],
  ])('bad input %j is caught before any request', async (props, msg, message) => {
    const ctx = await load('justoneapi-xhs-users', props);
    await run(ctx, msg);
    expect(ctx.errors[0]!.error.message).toMatch(message);
    expect(ctx.statuses.at(-1)).toMatchObject({ fill: 'red', text: 'bad input' });
    expect(sandbox.stats.total()).toBe(0);
  });

  it("a timeout and an unreachable API are worded from the node's settings and the network's code", async () => {
    const slow = await load('justoneapi-xhs-users', { keyword: 'a' }, 'sandbox-hang', {
      timeoutMs: 300,
      maxRetries: 0,
    });
    await run(slow);
    expect(slow.errors[0]!.error.message).toMatch(/^Raise the timeout .*: no answer within 300 ms/);
    expect(slow.statuses.at(-1)).toMatchObject({ text: 'timeout' });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const away = await load('justoneapi-xhs-users', { keyword: 'a' }, SECRET, {
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    });
    await run(away);
    expect(away.errors[0]!.error.message).toMatch(/could not reach Just One API \(ECONNREFUSED\)$/);
    expect(away.statuses.at(-1)).toMatchObject({ text: 'no connection' });
  });

  it('a feed typo suggests the closest id', async () => {
    const ctx = await load('justoneapi-xhs-feed', { oid: '' });
    await run(ctx, { oid: 'homefeed_trvel_v3' });
    expect(ctx.errors[0]!.error.message).toMatch(/Did you mean "homefeed_travel_v3"/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('a custom base URL left blank says so, and never falls back to the paid global API', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, SECRET, { baseUrl: '' });
    await run(ctx);
    expect(ctx.errors[0]!.error.message).toMatch(/^Enter a base URL .*Custom base URL is selected but empty/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('a config without a token says so, sending nothing', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, null);
    await run(ctx);
    expect(ctx.errors[0]!.error.message).toMatch(/paste your token: it has none/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('the token never reaches a message, a status or the log', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, SECRET);
    await run(ctx);
    const bad = await load('justoneapi-xhs-users', { keyword: 'a' }, 'sandbox-100');
    await run(bad);
    // An unknown token: the sandbox echoes it in its message, as some APIs do.
    const wrong = await load('justoneapi-xhs-users', { keyword: 'a' }, 'tok-NR-WRONG-SECRET');
    await run(wrong);
    expect(wrong.errors[0]!.error.message).toMatch(/Invalid or inactive token: \*\*\*/);
    const logs = [...helper.log().args].map((a: unknown[]) => JSON.stringify(a)).join('\n');
    const seen =
      JSON.stringify([
        ctx.messages,
        ctx.errors,
        ctx.statuses,
        bad.messages,
        bad.errors,
        bad.statuses,
        wrong.messages,
        wrong.errors,
        wrong.statuses,
      ]) + logs;
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain('sandbox-100');
    expect(seen).not.toContain('tok-NR-WRONG-SECRET');
  });
});

describe('close', () => {
  it('aborts an in-flight request and finishes promptly', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, 'sandbox-hang', { timeoutMs: 60000 });
    ctx.node.receive({});
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.stats.count({ token: 'sandbox-hang' })).toBe(1);
    const t0 = performance.now();
    await helper.unload();
    expect(performance.now() - t0).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(ctx.messages).toHaveLength(0);
    // The request itself was aborted: the sandbox saw the client go away.
    expect(sandbox.stats.requests[0]!.clientAborted).toBe(true);
  });

  it('sends no retry after close, even during a backoff wait', async () => {
    const ctx = await load('justoneapi-xhs-users', { keyword: 'a' }, 'sandbox-302', { maxRetries: 2 });
    ctx.node.receive({});
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.stats.count({ token: 'sandbox-302' })).toBe(1); // now waiting ~2 s before the retry
    await helper.unload();
    await new Promise((r) => setTimeout(r, 3000));
    expect(sandbox.stats.count({ token: 'sandbox-302' })).toBe(1);
  });
});

describe('a burst of messages', () => {
  it('queues: one request at a time per node, every message answered in order', async () => {
    const ctx = await load(
      'justoneapi-xhs-users',
      { keyword: '', mode: 'all', pages: 1 },
      'sandbox-latency150',
    );
    for (const keyword of ['a', 'b', 'c']) ctx.node.receive({ keyword });
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.stats.total()).toBe(1);
    expect(ctx.statuses.some((s) => s.text === '2 waiting')).toBe(true);
    for (let i = 0; i < 100 && ctx.messages.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ctx.messages.map((m) => m.keyword)).toEqual(['a', 'b', 'c']);
    expect(sandbox.stats.requests.map((r) => r.query.keyword)).toEqual(['a', 'b', 'c']);
  });
});
