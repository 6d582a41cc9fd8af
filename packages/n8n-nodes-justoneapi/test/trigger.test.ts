// The Just One API Trigger, polled through n8n-core's PollContext against the sandbox: only new items on
// later polls (seen-set in the workflow's static data), the first activation records without emitting
// (unless asked), the manual test run returns samples without touching static data, Max Requests per
// Poll stops a poll, and API errors are NodeApiErrors without the token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { startSandbox, noteFeedPage, type Sandbox } from '@justoneapi/sandbox';
import { runPoll, type PollOptions } from './harness';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';

const GOOD = 'tok-N8N-TRIGGER-7071';
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
    ...o,
  });
/** Unique note ids of feed pages 1..n, in order (pages repeat notes of the page before). */
const idsOf = (pages: number) => [
  ...new Set(
    Array.from({ length: pages }, (_, p) => noteFeedPage(OID, p + 1) as Array<{ id: string }>)
      .flat()
      .map((n) => n.id),
  ),
];
/** The trigger's seen-set in the workflow's static data (n8n keeps node data under "node:<name>"). */
const seenOf = (staticData: IDataObject) =>
  (staticData['node:Trigger'] as { seen: Record<string, Record<string, number>> }).seen;
const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((i) => String(i.json.id));

describe('Just One API Trigger', () => {
  it('is a polling trigger offering only paged operations with item ids', () => {
    const { description } = new JustOneApiTrigger();
    expect(description.polling).toBe(true);
    expect(description.inputs).toEqual([]);
    const ops = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? []);
    expect(ops.map((o) => ('value' in o ? o.value : ''))).toEqual(['getNoteFeed', 'searchUsers']);
  });

  it('first activation records what it sees and emits nothing; the next poll emits only new items', async () => {
    const first = await poll(feed({ maxPages: 2 }));
    expect(first.items).toBeNull();
    expect(first.changed).toBe(true); // n8n saves the static data with the workflow
    expect(sandbox.stats.count({ path: FEED })).toBe(2);
    const seen = Object.values(seenOf(first.staticData));
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0]!).sort()).toEqual(idsOf(2).sort());

    // Same parameters, a deeper poll: pages 1-2 are known, only page 3's new notes come out.
    const second = await poll(feed({ maxPages: 3 }), { staticData: first.staticData });
    const expected = idsOf(3).filter((id) => !idsOf(2).includes(id));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(second.items)).toEqual(expected);
    expect(second.items![0]!.usage).toMatchObject({ requests: 3, pages: 3, items: expected.length });

    // Nothing new: no execution.
    const third = await poll(feed({ maxPages: 3 }), { staticData: second.staticData });
    expect(third.items).toBeNull();
  });

  it('"Emit Existing Items on First Run" emits the first poll\'s items', async () => {
    const r = await poll(feed({ maxPages: 2, options: { emitExisting: true } }));
    expect(ids(r.items)).toEqual(idsOf(2));
  });

  it('another parameter set has its own seen-set', async () => {
    const a = await poll(feed({ maxPages: 1 }));
    const b = await poll(feed({ maxPages: 1, oid: 'homefeed_recommend' }), { staticData: a.staticData });
    expect(b.items).toBeNull(); // its own first run
    expect(Object.keys(seenOf(b.staticData))).toHaveLength(2);
  });

  it('a manual test run returns a few sample items from one page and leaves static data unchanged', async () => {
    const before = (await poll(feed({ maxPages: 2 }))).staticData;
    sandbox.stats.reset();
    const r = await poll(feed({ maxPages: 2 }), { mode: 'manual', staticData: before });
    expect(sandbox.stats.count({ path: FEED })).toBe(1);
    expect(ids(r.items)).toEqual(idsOf(1).slice(0, 5));
    expect(r.staticData).toEqual(before);
    expect(r.changed).toBe(false);
    // And with no static data at all, the manual run creates none.
    const fresh = await poll(feed(), { mode: 'manual' });
    expect(fresh.items).toHaveLength(5);
    expect(fresh.staticData).toEqual({});
  });

  it('Max Requests per Poll stops the poll before the next request and emits what it has', async () => {
    const r = await poll(feed({ maxPages: 5, maxRequests: 2, options: { emitExisting: true } }));
    expect(sandbox.stats.count({ path: FEED })).toBe(2);
    expect(ids(r.items)).toEqual(idsOf(2));
    expect(r.items![0]!.usage).toMatchObject({ requests: 2, pages: 2, refused: 1 });
  });

  it('an API error is a NodeApiError in plain words, without the token; nothing is recorded', async () => {
    const unknown = 'tok-NOT-KNOWN-31337';
    const err = await runPoll({
      parameters: feed() as PollOptions['parameters'],
      credentials: { token: unknown, environment: 'custom', baseUrl: sandbox.url },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeApiError);
    expect((err as NodeApiError).message).toMatch(/code 100/);
    expect(JSON.stringify(err)).not.toContain(unknown);
    expect(String((err as Error).stack)).not.toContain(unknown);
  });

  it('bad input fails before any request', async () => {
    const err = await poll(feed({ maxPages: 0 })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Max Pages per Poll/);
    expect(sandbox.stats.count()).toBe(0);
  });
});
