// "Stop When a Page Has Nothing New" (the engine's stopAtSeen): v2, what new triggers get, ends a poll at
// the first page whose every item an earlier poll emitted, so a poll with nothing new costs one request;
// off, and on v1 (released: saved workflows keep their behaviour), a poll reads every Max Pages page.
// Polled through n8n-core's PollContext against the sandbox over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PollContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { noteFeedPage, startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runPoll, type PollOptions } from './harness';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';
import savedV1 from './fixtures/saved-trigger-v1-workflow.json';

const GOOD = 'tok-N8N-TRIGGER-SEEN-4242';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
const OID = 'homefeed_food_v3';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD], feedPages: 6 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const feed = (extra: Record<string, unknown> = {}) => ({
  platform: 'xiaohongshu',
  operation: 'getNoteFeed',
  oid: OID,
  simplify: false,
  ...extra,
});
const poll = (parameters: Record<string, unknown>, o: Partial<PollOptions> = {}) =>
  runPoll({
    parameters: parameters as PollOptions['parameters'],
    credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
    typeVersion: 2,
    ...o,
  });
const requests = () => sandbox.stats.count({ path: FEED });
const seenOf = (staticData: IDataObject) =>
  Object.values((staticData['node:Trigger'] as { seen: Record<string, Record<string, number>> }).seen)[0]!;
const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((i) => String(i.json.id));

/** The info lines the trigger logs through ctx.logger (n8n's Logger), watched on each poll context. */
const infos: string[] = [];
let owner = PollContext.prototype as object;
while (!Object.getOwnPropertyDescriptor(owner, 'logger')) owner = Object.getPrototypeOf(owner) as object;
const original = Object.getOwnPropertyDescriptor(owner, 'logger')!.get!;
vi.spyOn(owner as { logger: unknown }, 'logger', 'get').mockImplementation(function (this: unknown) {
  // n8n's getter memoizes on the object it is called on: a stand-in, so the context stays free for ours.
  const logger = original.call({}) as { info: (m: string, meta?: object) => void };
  const watched = Object.assign(Object.create(logger) as object, {
    info: (m: string, meta?: object) => {
      infos.push(m);
      logger.info(m, meta);
    },
  });
  Object.defineProperty(this, 'logger', { value: watched, configurable: true });
  return watched;
});
const lastSummary = () => infos.filter((l) => l.startsWith('Just One API Trigger: ')).at(-1) ?? '';

/** A first poll (3 pages recorded, nothing emitted), then the sandbox's request log cleared. */
async function recorded(parameters: Record<string, unknown>, o: Partial<PollOptions> = {}) {
  const first = await poll(parameters, o);
  expect(first.items).toBeNull();
  expect(requests()).toBe(3);
  sandbox.stats.reset();
  return first.staticData;
}

describe('Stop When a Page Has Nothing New', () => {
  it('v2 offers it, on by default; released v1 has no such field', () => {
    const trigger = new JustOneApiTrigger();
    const field = trigger.getNodeType(2).description.properties.find((p) => p.name === 'stopAtSeen');
    expect(field).toMatchObject({ type: 'boolean', default: true });
    expect(field!.description).toMatch(/one request/);
    expect(field!.description).toMatch(/Max Pages per Poll/);
    const v1 = trigger.getNodeType(1).description.properties;
    expect(v1.some((p) => p.name === 'stopAtSeen')).toBe(false);
  });

  it('v2 by default: a poll with nothing new sends exactly one request and emits nothing', async () => {
    const staticData = await recorded(feed());
    const second = await poll(feed(), { staticData });
    expect(second.items).toBeNull();
    expect(requests()).toBe(1);
    expect(lastSummary()).toMatch(/1 request of 10/);
    expect(lastSummary()).toMatch(/stopped at page 1: every item was emitted before/);
    // The seen-set keeps every id (the page's ids refreshed, none dropped).
    expect(Object.keys(seenOf(second.staticData)).sort()).toEqual(Object.keys(seenOf(staticData)).sort());
  });

  it('a page with a new item does not stop the poll: it ends at the next page with nothing new', async () => {
    const staticData = await recorded(feed());
    // A note the seen-set does not hold at the top of page 1, as a newest-first feed gets new items.
    const newest = String((noteFeedPage(OID, 1) as Array<{ id: string }>)[0]!.id);
    const seen = seenOf(staticData);
    expect(seen[newest]).toBeDefined();
    delete seen[newest];
    const second = await poll(feed(), { staticData });
    expect(ids(second.items)).toEqual([newest]);
    expect(requests()).toBe(2);
    expect(second.items![0]!.usage).toMatchObject({ requests: 2, pages: 2, items: 1 });
  });

  it('off: every poll reads Max Pages per Poll pages, as before', async () => {
    const off = feed({ stopAtSeen: false });
    const staticData = await recorded(off);
    const second = await poll(off, { staticData });
    expect(second.items).toBeNull();
    expect(requests()).toBe(3);
  });

  it('a workflow saved with v1 (the saved trigger fixture) keeps paging past pages it has seen', async () => {
    const node = savedV1.nodes.find((n) => n.type === 'n8n-nodes-justoneapi.justOneApiTrigger')!;
    const saved = { typeVersion: node.typeVersion, workflowId: savedV1.id };
    expect(saved.typeVersion).toBe(1);
    const staticData = await recorded(node.parameters, saved);
    const second = await poll(node.parameters, { ...saved, staticData });
    expect(second.items).toBeNull();
    expect(requests()).toBe(3);
    expect(lastSummary()).not.toMatch(/stopped at page/);
  });
});
