import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toUserRecord } from '@justoneapi/sdk/core';
import { catchNode, configNode, feedNode, helper, usersNode, xhsNode } from './helper';

const SECRET = 'tok-NR-PLATFORM-SECRET';
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
  delete process.env.JO_TEST_KEYWORD;
});

interface Msg {
  payload?: any;
  justoneapi?: any;
  error?: any;
  [k: string]: any;
}

const users = (kw: string, page: number) => userSearchPage(kw, page, { userPages: 3 }).users as unknown[];

async function loadFlow(nodes: any[], token: string | null = SECRET) {
  const flow = [
    { id: 'tab', type: 'tab', label: 't' },
    {
      id: 'cfg',
      type: 'justoneapi-config',
      z: 'tab',
      region: 'custom',
      baseUrl: sandbox.url,
      timeoutMs: 5000,
      maxRetries: 0,
    },
    ...nodes,
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
  return { messages, errors };
}

async function load(props: Record<string, unknown>, token: string | null = SECRET) {
  const ctx = await loadFlow(
    [{ id: 'n1', type: 'justoneapi-xiaohongshu', z: 'tab', config: 'cfg', wires: [['out']], ...props }],
    token,
  );
  const node = helper.getNode('n1');
  const statuses: any[] = [];
  node.on('call:status', (call: { args: any[] }) => statuses.push(call.args[0]));
  return { ...ctx, node, statuses };
}

async function settle(ctx: { messages: Msg[]; errors: Msg[] }, n = 1) {
  for (let i = 0; i < 250 && ctx.messages.length + ctx.errors.length < n; i++)
    await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 30));
}

describe('justoneapi-xiaohongshu (one node per platform)', () => {
  it('runs the picked operation; a new node reads msg.<param> (the editor default)', async () => {
    const ctx = await load({ operation: 'searchUsers', pages: 2 });
    ctx.node.receive({ keyword: '咖啡', topic: 'kept' });
    await settle(ctx);
    expect(ctx.messages[0]!.payload).toEqual([1, 2].flatMap((p) => users('咖啡', p)).map(toUserRecord));
    expect(ctx.messages[0]!.topic).toBe('kept');
    expect(ctx.messages[0]!.justoneapi).toMatchObject({ operation: 'xiaohongshu.searchUsers', count: 40 });
  });

  it.each([
    ['str', { t: 'str', v: '茶' }, {}, '茶'],
    ['msg', { t: 'msg', v: 'query.kw' }, { query: { kw: '茶' } }, '茶'],
    ['flow', { t: 'flow', v: 'kw' }, {}, 'flow-茶'],
    ['global', { t: 'global', v: 'kw' }, {}, 'global-茶'],
    ['env', { t: 'env', v: 'JO_TEST_KEYWORD' }, {}, 'env-茶'],
    ['jsonata', { t: 'jsonata', v: '"j-" & payload' }, { payload: '茶' }, 'j-茶'],
  ])('takes a parameter from %s', async (_name, source, msg, expected) => {
    process.env.JO_TEST_KEYWORD = 'env-茶';
    const ctx = await load({
      operation: 'searchUsers',
      params: { keyword: source, page: { t: 'num', v: '2' } },
    });
    ctx.node.context().flow.set('kw', 'flow-茶');
    ctx.node.context().global.set('kw', 'global-茶');
    // A fixed value is not silently replaced by msg.keyword.
    ctx.node.receive({ ...msg, keyword: 'ignored' });
    await settle(ctx);
    expect(ctx.errors).toEqual([]);
    expect(sandbox.stats.requests.map((r) => [r.query.keyword, r.query.page])).toEqual([[expected, '2']]);
  });

  it('an enum accepts a label from msg ("美食") and the dropdown value', async () => {
    const ctx = await load({ operation: 'getNoteFeed', params: { oid: { t: 'msg', v: 'feed' } } });
    ctx.node.receive({ feed: '美食' });
    await settle(ctx);
    const fixed = await load({
      operation: 'getNoteFeed',
      params: { oid: { t: 'enum', v: 'homefeed_travel_v3' } },
    });
    fixed.node.receive({});
    await settle(fixed);
    expect(sandbox.stats.requests.map((r) => r.query.oid)).toEqual([
      'homefeed_food_v3',
      'homefeed_travel_v3',
    ]);
  });

  it.each([
    [
      { keyword: { t: 'msg', v: 'keyword' } },
      {},
      /^Set keyword in the node, or provide it in msg\.keyword; nothing was sent/,
    ],
    [{ keyword: { t: 'flow', v: 'missing' } }, {}, /provide it in flow\.missing/],
    [
      { keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '2.5' } },
      {},
      /nothing was sent: page must be a whole number/,
    ],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'num', v: '0x10' } }, {}, /page must be a whole number/],
    [{ keyword: { t: 'str', v: 'a' }, page: { t: 'msg', v: 'page' } }, { page: -1 }, /page must be >= 1/],
    [{ keyword: { t: 'jsonata', v: '$$$(' } }, {}, /^Fix the input; nothing was sent: jsonata/],
  ])('bad input %j -> Catch, zero requests', async (params, msg, message) => {
    const ctx = await load({ operation: 'searchUsers', params });
    ctx.node.receive({ ...msg, _keep: 1 });
    await settle(ctx);
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]!.error.message).toMatch(message);
    expect(ctx.errors[0]!._keep).toBe(1);
    expect(ctx.errors[0]!.justoneapi).toMatchObject({
      code: 'VALIDATION',
      operation: 'xiaohongshu.searchUsers',
    });
    expect(ctx.statuses.at(-1)).toMatchObject({ fill: 'red', text: 'bad input' });
    expect(sandbox.stats.total()).toBe(0);
  });

  it('an operation missing from the catalog says so, sending nothing', async () => {
    const ctx = await load({ operation: 'noSuchOperation' });
    ctx.node.receive({});
    await settle(ctx);
    expect(ctx.errors[0]!.error.message).toMatch(/"noSuchOperation" is not \(or no longer\)/);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('accepts the full operation id too (xiaohongshu.searchUsers)', async () => {
    const ctx = await load({
      operation: 'xiaohongshu.searchUsers',
      params: { keyword: { t: 'str', v: 'a' } },
    });
    ctx.node.receive({});
    await settle(ctx);
    expect(ctx.messages).toHaveLength(1);
  });
});

describe('bounded queue', () => {
  it('keeps up to Max waiting; one more goes to Catch with the message kept, status shows the queue', async () => {
    const ctx = await load(
      { operation: 'searchUsers', maxQueue: 1, params: { keyword: { t: 'msg', v: 'keyword' } } },
      'sandbox-latency150',
    );
    for (const keyword of ['a', 'b', 'c']) ctx.node.receive({ keyword });
    await settle(ctx, 3);
    expect(ctx.statuses.some((s) => s.text === '1 waiting')).toBe(true);
    expect(ctx.statuses.some((s) => s.text === 'queue full (1)' && s.fill === 'yellow')).toBe(true);
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]!.keyword).toBe('c');
    expect(ctx.errors[0]!.justoneapi).toMatchObject({ code: 'QUEUE_FULL' });
    expect(ctx.errors[0]!.error.message).toMatch(/^Slow the input down, or raise Max waiting \(now 1\)/);
    expect(ctx.messages.map((m) => m.keyword)).toEqual(['a', 'b']);
    expect(sandbox.stats.requests.map((r) => r.query.keyword)).toEqual(['a', 'b']);
  });

  it('Max waiting 0: nothing waits', async () => {
    const ctx = await load(
      { operation: 'searchUsers', maxQueue: 0, params: { keyword: { t: 'str', v: 'a' } } },
      'sandbox-latency150',
    );
    ctx.node.receive({});
    ctx.node.receive({});
    await settle(ctx, 2);
    expect(ctx.errors.map((e) => e.justoneapi.code)).toEqual(['QUEUE_FULL']);
    expect(sandbox.stats.total()).toBe(1);
  });
});

describe('a flow saved by 0.1', () => {
  it('loads and runs unchanged: justoneapi-xhs-users and justoneapi-xhs-feed', async () => {
    const saved = JSON.parse(
      readFileSync(new URL('./fixtures/saved-flow-0.1.json', import.meta.url), 'utf8'),
    );
    const ours = saved.filter((n: any) => n.type.startsWith('justoneapi-xhs-'));
    expect(ours.map((n: any) => n.type).sort()).toEqual(['justoneapi-xhs-feed', 'justoneapi-xhs-users']);
    // The saved nodes as exported, only rewired to the test's collector and config.
    const ctx = await loadFlow(ours.map((n: any) => ({ ...n, z: 'tab', config: 'cfg', wires: [['out']] })));
    helper.getNode('jo-ex-users-1').receive({ keyword: '咖啡' });
    await settle(ctx, 3);
    helper.getNode('jo-ex-feed-2').receive({});
    await settle(ctx, 4);
    expect(ctx.errors).toEqual([]);
    // Users: mode "page", 3 pages -> 3 messages; feed: mode "all", 2 pages, limit 30.
    expect(ctx.messages.slice(0, 3).map((m) => m.justoneapi.page)).toEqual([1, 2, 3]);
    expect(ctx.messages[3]!.payload.length).toBeLessThanOrEqual(30);
    expect(sandbox.stats.requests.at(-1)!.query.oid).toBe('homefeed_food_v3');
  });
});
