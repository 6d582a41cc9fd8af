// Spend control in the platform node, in a real Node-RED runtime against the sandbox over HTTP:
// msg.justoneapi.usage and the status, a per-message request budget, "only new" kept in the node's
// context (a real localfilesystem context store across a restart), and the editor's estimate.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { documentedOperations } from '@justoneapi/sdk/core';
import { describe, expect, it } from 'vitest';
import { catchNode, configNode, helper, runtimeWithSandbox, xhsNode } from './helper';

const SECRET = 'tok-NR-SPEND-SECRET';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
const box = runtimeWithSandbox(SECRET, { userPages: 3, feedPages: 4 });

type Msg = Record<string, any>;
async function load(
  props: Record<string, unknown>,
  token = SECRET,
  platform: { type: string; module: unknown } = { type: 'justoneapi-xiaohongshu', module: xhsNode },
) {
  const flow = [
    { id: 'tab', type: 'tab', label: 't' },
    {
      id: 'cfg',
      type: 'justoneapi-config',
      z: 'tab',
      region: 'custom',
      baseUrl: box.sandbox.url,
      maxRetries: 0,
    },
    { id: 'n1', type: platform.type, z: 'tab', config: 'cfg', wires: [['out']], ...props },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
  await helper.load([configNode, platform.module, catchNode], flow, { cfg: { token } });
  const messages: Msg[] = [];
  const errors: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m));
  helper.getNode('caught').on('input', (m: Msg) => errors.push(m));
  const node = helper.getNode('n1');
  const statuses: any[] = [];
  node.on('call:status', (call: { args: any[] }) => statuses.push(call.args[0]));
  const send = async (msg: Msg) => {
    const before = messages.length + errors.length;
    node.receive(msg);
    for (let i = 0; i < 250 && messages.length + errors.length <= before; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 30));
  };
  return { messages, errors, node, statuses, send };
}
const feedIds = (m: Msg) => (m.payload as Array<{ id: string }>).map((n) => n.id);

describe('usage', () => {
  it('puts what each message spent in msg.justoneapi.usage and the requests used in the status', async () => {
    const ctx = await load({ operation: 'searchUsers', pages: 5, params: { keyword: { t: 'str', v: 'a' } } });
    await ctx.send({});
    expect(ctx.messages[0]!.justoneapi.usage).toMatchObject({ requests: 3, ok: 3, pages: 3, items: 60 });
    expect(ctx.statuses.at(-1)).toMatchObject({ fill: 'green', text: '60 items · 3 req' });
    await ctx.send({});
    expect(ctx.messages[1]!.justoneapi.usage.requests).toBe(3); // per message, not cumulative
    expect(box.sandbox.stats.total()).toBe(6);
  });

  it('counts a single call, and failures by code', async () => {
    const op = documentedOperations.find(
      (o) => o.namespace === 'xiaohongshu' && !o.pagination && !o.hidden && !o.deprecated,
    )!;
    const params = Object.fromEntries(
      op.params
        .filter((p) => p.required)
        .map((p) => [p.name, { t: 'str', v: p.enum ? String(p.enum[0]!.value) : 'x' }]),
    );
    const ctx = await load({ operation: op.method, params });
    await ctx.send({});
    expect(ctx.messages[0]!.justoneapi.usage).toMatchObject({ requests: 1, ok: 1 });
    expect(ctx.statuses.at(-1)).toMatchObject({ text: 'done · 1 req' });
    await helper.unload();
    const bad = await load(
      { operation: 'searchUsers', params: { keyword: { t: 'str', v: 'a' } } },
      'sandbox-600',
    );
    await bad.send({});
    expect(bad.errors[0]!.justoneapi.usage).toMatchObject({ requests: 1, ok: 0, failed: { 600: 1 } });
  });
});

describe('per-message budget (Max requests)', () => {
  it('stops before the request past the budget, says so, and gives the next page to continue from', async () => {
    const ctx = await load({
      operation: 'getNoteFeed',
      pages: 10,
      maxRequests: 2,
      mode: 'page',
      params: { oid: { t: 'str', v: 'food' } },
    });
    await ctx.send({ _keep: 1 });
    expect(ctx.messages.map((m) => m.justoneapi.page)).toEqual([1, 2]);
    expect(ctx.errors).toHaveLength(1);
    const e = ctx.errors[0]!;
    expect(e._keep).toBe(1);
    expect(e.justoneapi).toMatchObject({
      code: 'BUDGET',
      retryable: false,
      next: { oid: 'homefeed_food_v3', page: 3 },
      usage: { requests: 2, pages: 2, refused: 1 },
    });
    expect(e.error.message).toMatch(/^Raise Max requests \(now 2\), or continue from msg\.justoneapi\.next/);
    expect(ctx.statuses.at(-1)).toMatchObject({ fill: 'yellow', text: 'budget used (2)' });
    expect(box.sandbox.stats.count({ path: FEED })).toBe(2);
    // The next message has its own budget.
    await ctx.send({});
    expect(box.sandbox.stats.count({ path: FEED })).toBe(4);
  });

  it('a bad budget sends nothing', async () => {
    const ctx = await load({
      operation: 'searchUsers',
      maxRequests: '1.5',
      params: { keyword: { t: 'str', v: 'a' } },
    });
    await ctx.send({});
    expect(ctx.errors[0]!.error.message).toMatch(/Max requests/);
    expect(box.sandbox.stats.total()).toBe(0);
  });
});

describe('only new', () => {
  it('emits no item twice across messages (the seen-set in the node context)', async () => {
    const run = await load({
      operation: 'getNoteFeed',
      onlyNew: true,
      pages: 1,
      params: { oid: { t: 'str', v: 'food' } },
    });
    await run.send({});
    await run.send({});
    const first = feedIds(run.messages[0]!);
    const second = feedIds(run.messages[1]!);
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]); // page 1 again: nothing new
    expect(run.messages[1]!.justoneapi.usage).toMatchObject({ requests: 1, alreadySeen: first.length });
  });
});

describe('only new with an item id field', () => {
  const douyin = {
    type: 'justoneapi-douyin',
    module: createRequire(import.meta.url)('../nodes/justoneapi-douyin.js'),
  };
  const loadDouyin = (props: Record<string, unknown>) => load(props, SECRET, douyin);
  const search = {
    operation: 'searchVideoV4',
    onlyNew: true,
    params: { keyword: { t: 'str', v: 'coffee' } },
  };

  it('emits no item twice on an operation without a documented id', async () => {
    const run = await loadDouyin({ ...search, pages: 1, itemId: 'data.aweme_info.aweme_id' });
    await run.send({});
    await run.send({});
    expect(run.errors).toEqual([]);
    const first = run.messages[0]!.payload as unknown[];
    expect(first.length).toBeGreaterThan(0);
    expect(run.messages[1]!.payload).toEqual([]);
    expect(run.messages[1]!.justoneapi.usage).toMatchObject({ alreadySeen: first.length });
  });

  it('without the field: a clear error and nothing sent; a field no item has: an error, nothing emitted', async () => {
    const none = await loadDouyin({ ...search });
    await none.send({});
    expect(none.errors[0]!.error.message).toMatch(/Item ID Field/);
    expect(box.sandbox.stats.total()).toBe(0);
    await helper.unload();
    const wrong = await loadDouyin({ ...search, itemId: 'aweme_id' });
    await wrong.send({});
    expect(wrong.errors[0]!.error.message).toMatch(/no item has the id field "aweme_id"/);
    expect(wrong.messages).toEqual([]);
  });
});

describe('only new with a persistent context store', () => {
  it('keeps the seen-set across a restart (localfilesystem)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jo-nr-ctx-'));
    const settings = {
      contextStorage: { default: { module: 'localfilesystem', config: { dir, flushInterval: 3600 } } },
    };
    const context = helper._context;
    const start = async (pages: number) => {
      helper.settings(settings);
      const ctx = await load({
        operation: 'getNoteFeed',
        onlyNew: true,
        pages,
        params: { oid: { t: 'str', v: 'food' } },
      });
      await context.load();
      return ctx;
    };
    const restart = async () => {
      await context.close(); // flushes the store to disk, as a shutdown does
      context.init({}); // what is left in memory is gone
      await helper.unload();
      await helper.stopServer();
      await helper.startServer();
    };
    const a = await start(2);
    await a.send({});
    await restart();
    const b = await start(50);
    await b.send({});
    await restart();
    const c = await start(50);
    await c.send({});
    const first = feedIds(a.messages[0]!);
    const second = feedIds(b.messages[0]!);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(feedIds(c.messages[0]!)).toEqual([]);
    expect(readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.json'))).toBe(true);
    await context.close();
    context.init({});
  });
});

describe('editor estimate', () => {
  it('shows the most requests one message can make, by the core rule', () => {
    const html = readFileSync(new URL('../nodes/justoneapi-config.html', import.meta.url), 'utf8');
    const shared = JSON.parse(
      readFileSync(new URL('../nodes/locales/en-US/justoneapi-config.json', import.meta.url), 'utf8'),
    );
    const values: Record<string, string> = {
      '#node-input-pages': '3',
      '#node-input-maxRequests': '',
      '#node-input-config': 'cfg',
    };
    let shown = '';
    const $ = (sel: string) => ({
      length: 1,
      val: () => values[sel],
      text: (t: string) => {
        if (sel === '#justoneapi-estimate') shown = t;
      },
      on() {
        return this;
      },
      trigger() {
        return this;
      },
      toggle() {},
      is: () => false,
    });
    const RED = {
      _: (key: string, subs: Record<string, unknown> = {}) => {
        const v = key
          .split(':')[1]!
          .split('.')
          .reduce((o: any, k) => o?.[k], shared);
        return String(v ?? key).replace(/__(\w+)__/g, (_, k) => String(subs[k]));
      },
      nodes: { node: () => ({ maxRetries: 2 }), registerType() {} },
    };
    const context: Record<string, unknown> = { RED, $, setTimeout: () => 0 };
    context.window = context;
    for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
      runInNewContext(m[1]!, context);
    const editor = context.JustOneApiEditor as { watchEstimate(paged: boolean): () => void };
    const update = editor.watchEstimate(true);
    expect(shown).toBe('Estimate per message: at most 3 requests (9 if every request is retried)');
    values['#node-input-maxRequests'] = '5';
    update();
    expect(shown).toBe('Estimate per message: at most 3 requests (5 if every request is retried)');
    editor.watchEstimate(false);
    expect(shown).toBe('Estimate per message: at most 1 requests (3 if every request is retried)');
  });
});
