// A keyword list fits the queue: a flow saved by 0.1 fed a burst, and a new node fed a Split of
// hundreds of keywords, answer every message; past the bound, Catch says what to do. A real Node-RED
// runtime with its own inject, function, split, debug and catch nodes, against the sandbox over HTTP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catchNode, configNode, helper, usersNode, xhsNode } from './helper';

const require = createRequire(import.meta.url);
const core = createRequire(require.resolve('node-red'));
const coreNodes = [
  'common/20-inject.js',
  'common/21-debug.js',
  'function/10-function.js',
  'sequence/17-split.js',
].map((f) => core(`@node-red/nodes/core/${f}`));
const SECRET = 'tok-NR-BURST-SECRET';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [SECRET] });
});
afterAll(() => sandbox.close());
beforeEach(() => helper.startServer());
afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
  sandbox.stats.reset();
});

type Msg = Record<string, any>;

/** The run settings a node dropped from the palette gets: the shipped editor code's defaults. */
function newNodeDefaults(): Record<string, unknown> {
  const html = readFileSync(new URL('../nodes/justoneapi-config.html', import.meta.url), 'utf8');
  const context: Record<string, unknown> = { RED: { nodes: { registerType() {} } }, $: () => ({}) };
  context.window = context;
  for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
    runInNewContext(m[1]!, context);
  const defaults = (
    context.JustOneApiEditor as { runDefaults(): Record<string, { value: unknown }> }
  ).runDefaults();
  return Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, d.value]));
}

/** Loads nodes with our config (pointed at the sandbox), a catch-all Catch, and collectors. */
async function load(nodes: any[], token = SECRET) {
  const flow = [
    { id: 'tab', type: 'tab', label: 't' },
    { id: 'cfg', type: 'justoneapi-config', region: 'custom', baseUrl: sandbox.url, maxRetries: 0 },
    ...nodes,
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
  // One Catch per flow: the test helper registers the catch module once per catch node it meets.
  if (!nodes.some((n) => n.type === 'catch'))
    flow.push({ id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] });
  await helper.load([configNode, usersNode, xhsNode, catchNode, ...coreNodes], flow, { cfg: { token } });
  const messages: Msg[] = [];
  const errors: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m));
  helper.getNode('caught').on('input', (m: Msg) => errors.push(m));
  const settle = async (n: number) => {
    for (let i = 0; i < 1000 && messages.length + errors.length < n; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
  };
  return { messages, errors, settle };
}

describe('a flow saved by 0.1, with the user’s own function and debug nodes', () => {
  it('a burst of 20 keywords: all 20 answered, none to Catch', async () => {
    const saved = JSON.parse(
      readFileSync(new URL('./fixtures/saved-flow-0.1-keyword-list.json', import.meta.url), 'utf8'),
    ) as any[];
    const users = saved.find((n) => n.type === 'justoneapi-xhs-users');
    expect(users.maxQueue).toBeUndefined(); // 0.1 had no Max waiting
    // As exported, only pointed at the test's config; the user's last function and Catch also feed collectors.
    const nodes = saved
      .filter((n) => n.type !== 'justoneapi-config' && n.type !== 'tab')
      .map((n) => ({
        ...n,
        z: 'tab',
        ...(n.config ? { config: 'cfg' } : {}),
        ...(n.id === 'u-summary' || n.id === 'u-catch'
          ? { wires: [[...n.wires[0], n.id === 'u-catch' ? 'caught' : 'out']] }
          : {}),
      }));
    const ctx = await load(nodes);
    helper.getNode('u-inject').receive({});
    await ctx.settle(20);
    expect(ctx.errors).toEqual([]);
    const keywords = JSON.parse(saved.find((n) => n.id === 'u-inject').payload) as string[];
    expect(keywords).toHaveLength(20);
    expect(ctx.messages.map((m) => m.payload.keyword)).toEqual(keywords);
    expect(ctx.messages.every((m) => m.payload.names.length === 5)).toBe(true);
    expect(sandbox.stats.requests.map((r) => r.query.keyword)).toEqual(keywords);
  });

  it('past the bound, the message goes to Catch with what to do', async () => {
    const ctx = await load(
      [
        {
          id: 'n1',
          type: 'justoneapi-xhs-users',
          z: 'tab',
          config: 'cfg',
          mode: 'all',
          pages: '1',
          wires: [['out']],
        },
      ],
      'sandbox-hang',
    );
    const bound = Number(newNodeDefaults().maxQueue);
    for (let i = 0; i < bound + 2; i++) helper.getNode('n1').receive({ keyword: `k${i}` });
    await ctx.settle(1);
    expect(ctx.errors.map((e) => e.keyword)).toEqual([`k${bound + 1}`]);
    expect(ctx.errors[0]!.error.message).toMatch(`Slow the input down, or raise Max waiting (now ${bound})`);
    expect(sandbox.stats.total()).toBe(1);
  });
});

describe('a new node fed a Split of a keyword list', () => {
  const keywords = Array.from({ length: 300 }, (_, i) => `keyword ${i}`);
  const flow = (defaults: Record<string, unknown>) => [
    {
      id: 'splitter',
      type: 'split',
      z: 'tab',
      splt: '\\n',
      spltType: 'str',
      arraySplt: 1,
      arraySpltType: 'len',
      stream: false,
      addname: '',
      wires: [['n1']],
    },
    {
      id: 'n1',
      type: 'justoneapi-xiaohongshu',
      z: 'tab',
      config: 'cfg',
      ...defaults,
      operation: 'searchUsers',
      params: { keyword: { t: 'msg', v: 'payload' } },
      wires: [['out']],
    },
  ];

  it(`answers every keyword (a list of ${keywords.length}), none to Catch`, async () => {
    const defaults = newNodeDefaults();
    expect(Number(defaults.maxQueue)).toBeGreaterThanOrEqual(keywords.length);
    const ctx = await load(flow(defaults));
    helper.getNode('splitter').receive({ payload: keywords });
    await ctx.settle(keywords.length);
    expect(ctx.errors).toEqual([]);
    expect(ctx.messages).toHaveLength(keywords.length);
    expect(ctx.messages.map((m) => m.parts.index)).toEqual(keywords.map((_, i) => i)); // a Join can rebuild the list
    expect(sandbox.stats.requests.map((r) => r.query.keyword)).toEqual(keywords);
  });

  it('past the bound, the message goes to Catch with what to do', async () => {
    const defaults = newNodeDefaults();
    const bound = Number(defaults.maxQueue);
    const ctx = await load(flow(defaults), 'sandbox-hang');
    helper.getNode('splitter').receive({ payload: Array.from({ length: bound + 2 }, (_, i) => `k${i}`) });
    await ctx.settle(1);
    expect(ctx.errors.map((e) => e.payload)).toEqual([`k${bound + 1}`]);
    expect(ctx.errors[0]!.justoneapi.code).toBe('QUEUE_FULL');
    expect(ctx.errors[0]!.error.message).toMatch(`Slow the input down, or raise Max waiting (now ${bound})`);
    expect(sandbox.stats.total()).toBe(1);
  });
});

describe('Split → node → Join: a keyword that fails still reaches the Join', () => {
  const flow = (defaults: Record<string, unknown>) => [
    {
      id: 'splitter',
      type: 'split',
      z: 'tab',
      splt: '\\n',
      spltType: 'str',
      arraySplt: 1,
      arraySpltType: 'len',
      stream: false,
      addname: '',
      wires: [['n1']],
    },
    {
      id: 'n1',
      type: 'justoneapi-xiaohongshu',
      z: 'tab',
      config: 'cfg',
      ...defaults,
      operation: 'searchUsers',
      params: { keyword: { t: 'msg', v: 'payload' } },
      wires: [['joiner']],
    },
    { id: 'joiner', type: 'join', z: 'tab', mode: 'auto', build: 'array', timeout: '', wires: [['out']] },
  ];

  it.each([
    ['the API refuses it (code 303 on its first page)', 'coffee', () => ({ code: 303, every: 2 })],
    ['it is blank (refused before anything is sent)', '  ', () => undefined],
  ])('%s: the Join completes, the failed part empty, the error to Catch', async (_why, bad, scenario) => {
    const ctx = await load(flow(newNodeDefaults()));
    sandbox.setScenario(SECRET, scenario());
    try {
      helper.getNode('splitter').receive({ payload: ['tea', bad, 'milk'] });
      await ctx.settle(2);
    } finally {
      sandbox.setScenario(SECRET, undefined);
    }
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.messages).toHaveLength(1); // the Join's one message: the sequence completed
    const joined = ctx.messages[0]!.payload as unknown[][];
    expect(joined).toHaveLength(3);
    expect(joined[0]!.length).toBeGreaterThan(0);
    expect(joined[1]).toEqual([]);
    expect(joined[2]!.length).toBeGreaterThan(0);
  });
});
