// Items already paid for are delivered when a later page fails or the budget stops the run, and "only
// new" marks only delivered items seen: a real Node-RED runtime, the sandbox over HTTP answering code
// 303 on page 3 (Douyin video search: 3 pages of 5 items, Item ID field "id").
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { catchNode, configNode, helper, runtimeWithSandbox } from './helper';

const SECRET = 'tok-NR-DELIVERY-SECRET';
const douyinNode = createRequire(import.meta.url)('../nodes/justoneapi-douyin.js');
const box = runtimeWithSandbox(SECRET);

type Msg = Record<string, any>;
/** Page 3 of the next run answers code 303 (the token's third request from now). */
const failPage3 = () => box.sandbox.setScenario(SECRET, { code: 303, every: 3 });
const noFault = () => box.sandbox.setScenario(SECRET, undefined);

async function load(props: Record<string, unknown>) {
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
    {
      id: 'n1',
      type: 'justoneapi-douyin',
      z: 'tab',
      config: 'cfg',
      operation: 'searchVideoV4',
      mode: 'all',
      pages: 10,
      itemId: 'data.aweme_info.aweme_id',
      wires: [['out']],
      ...props,
    },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
  await helper.load([configNode, douyinNode, catchNode], flow, { cfg: { token: SECRET } });
  const messages: Msg[] = [];
  const errors: Msg[] = [];
  /** Everything in arrival order, to prove the items go out before the error. */
  const order: string[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m) && order.push('out'));
  helper.getNode('caught').on('input', (m: Msg) => errors.push(m) && order.push('catch'));
  const node = helper.getNode('n1');
  /** Sends one message and waits until its run ended (a message with done/complete set, or an error). */
  const send = async (msg: Msg) => {
    const before = errors.length + messages.filter(ended).length;
    node.receive(msg);
    for (let i = 0; i < 250 && errors.length + messages.filter(ended).length <= before; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
  };
  return { messages, errors, order, send };
}
const ended = (m: Msg) => m.justoneapi?.done === true || m.justoneapi?.complete !== undefined;
/** A Douyin video's id, as the flat records (saved nodes' output) name it. */
const idOf = (i: Record<string, unknown>) => i['data.aweme_info.aweme_id'] as string;
const ids = (items: Array<Record<string, unknown>>) => items.map(idOf);

/** What the keyword yields over all its pages when nothing fails: the reference for "none lost". */
async function everything(): Promise<string[]> {
  const ctx = await load({ params: { keyword: { t: 'str', v: 'coffee' } } });
  await ctx.send({});
  await helper.unload();
  box.sandbox.stats.reset();
  const all = ids(ctx.messages[0]!.payload);
  expect(all).toHaveLength(15);
  return all;
}

describe('a failure on page 3 after 2 paid pages ("one message, all pages")', () => {
  it('Only new: the 10 items go out, then the error; the next run yields exactly the rest', async () => {
    const all = await everything();
    const ctx = await load({ onlyNew: true, params: { keyword: { t: 'msg', v: 'keyword' } } });
    failPage3();
    await ctx.send({ keyword: 'coffee', _keep: 1 });
    expect(ctx.order).toEqual(['out', 'catch']);
    const partial = ctx.messages[0]!;
    expect(ids(partial.payload)).toEqual(all.slice(0, 10));
    expect(partial._keep).toBe(1);
    expect(partial.justoneapi).toMatchObject({
      complete: false,
      count: 10,
      next: { keyword: 'coffee', page: 3 },
      error: { code: 303 },
    });
    const e = ctx.errors[0]!;
    expect(e.justoneapi).toMatchObject({ code: 303, delivered: 10, next: { page: 3 } });
    expect(e.error.message).toMatch(/quota/);
    expect(e.error.message).toMatch(/10 items fetched before this went to the output/);

    noFault();
    await ctx.send({ keyword: 'coffee' });
    const second = ctx.messages[1]!;
    expect(ids(second.payload)).toEqual(all.slice(10));
    expect(second.justoneapi).toMatchObject({ complete: true, usage: { alreadySeen: 10 } });
    await ctx.send({ keyword: 'coffee' });
    expect(ctx.messages[2]!.payload).toEqual([]); // none twice
  });

  it('Only new off: the 10 items are in a message, and resuming from next skips none', async () => {
    const all = await everything();
    const ctx = await load({ params: {} }); // every parameter from msg.<name>, the editor default
    failPage3();
    await ctx.send({ keyword: 'coffee' });
    expect(ctx.order).toEqual(['out', 'catch']);
    const next = ctx.errors[0]!.justoneapi.next;
    expect(ctx.messages[0]!.justoneapi.next).toEqual(next);
    noFault();
    await ctx.send({ ...next });
    expect([...ids(ctx.messages[0]!.payload), ...ids(ctx.messages[1]!.payload)]).toEqual(all);
    expect(box.sandbox.stats.requests.map((r) => r.query.page)).toEqual(['1', '2', '3', '3']);
  });

  it('Max requests reached on page 3: the 10 items go out, then the budget error; resuming skips none', async () => {
    const all = await everything();
    const ctx = await load({ maxRequests: 2, params: {} });
    await ctx.send({ keyword: 'coffee' });
    expect(ctx.order).toEqual(['out', 'catch']);
    expect(ids(ctx.messages[0]!.payload)).toEqual(all.slice(0, 10));
    expect(ctx.messages[0]!.justoneapi).toMatchObject({ complete: false, error: { code: 'BUDGET' } });
    const e = ctx.errors[0]!;
    expect(e.justoneapi).toMatchObject({ code: 'BUDGET', delivered: 10, next: { page: 3 } });
    await ctx.send({ ...e.justoneapi.next });
    expect([...ids(ctx.messages[0]!.payload), ...ids(ctx.messages[1]!.payload)]).toEqual(all);
  });

  it('Max requests with Only new: resuming from next yields exactly the items not delivered', async () => {
    const all = await everything();
    const ctx = await load({ maxRequests: 2, onlyNew: true, params: {} });
    await ctx.send({ keyword: 'coffee' });
    expect(ids(ctx.messages[0]!.payload)).toEqual(all.slice(0, 10));
    await ctx.send({ ...ctx.errors[0]!.justoneapi.next });
    expect(ids(ctx.messages[1]!.payload)).toEqual(all.slice(10));
    await ctx.send({ keyword: 'coffee' }); // from page 1 again: all seen, the budget stops it at page 3
    expect(ctx.messages).toHaveLength(2);
    expect(ctx.errors).toHaveLength(2);
    expect(ctx.errors[1]!.justoneapi).toMatchObject({
      code: 'BUDGET',
      delivered: 0,
      usage: { alreadySeen: 10 },
    });
  });
});

describe('one message per page or per item', () => {
  it('pages already sent are marked seen; the failed page is not', async () => {
    const all = await everything();
    const ctx = await load({ mode: 'item', onlyNew: true, params: { keyword: { t: 'str', v: 'coffee' } } });
    failPage3();
    await ctx.send({});
    expect(ctx.messages.map((m) => idOf(m.payload))).toEqual(all.slice(0, 10));
    expect(ctx.errors[0]!.justoneapi).toMatchObject({ code: 303, next: { page: 3 } });
    noFault();
    await ctx.send({});
    expect(ctx.messages.slice(10).map((m) => idOf(m.payload))).toEqual(all.slice(10));
  });
});

describe('a run stopped before its items went out (redeploy, stop, crash)', () => {
  it('marks none of them seen: fetched is not delivered', async () => {
    const ctx = await load({ onlyNew: true, params: { keyword: { t: 'str', v: 'coffee' } } });
    box.sandbox.setScenario(SECRET, { hang: true, every: 3 }); // page 3 never answers
    const node = helper.getNode('n1');
    node.receive({});
    for (let i = 0; i < 250 && box.sandbox.stats.total() < 3; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    // Pages 1 and 2 fetched, waiting for page 3: a restart now must not leave them marked seen.
    expect(box.sandbox.stats.total()).toBe(3);
    expect(node.context().get('justoneapi_seen')).toBeUndefined();
    await node.close(false);
    expect(ctx.messages).toEqual([]);
    expect(ctx.errors).toEqual([]);
  });
});
