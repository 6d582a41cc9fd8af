// The Just One API Trigger, polled through n8n-core's PollContext against the sandbox: only new items on
// later polls (seen-set in the workflow's static data), the first activation records without emitting
// (unless asked), the manual test run returns samples without touching static data, Max Requests per
// Poll stops a poll, and API errors are NodeApiErrors without the token. Any paged operation works with
// the Item ID Field (the core's withItemId): empty where required, or a field no item has, fails the poll
// with nothing emitted. The trigger is versioned like the platform nodes (nodes/versions.json).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { startSandbox, noteFeedPage, type Sandbox } from '@justoneapi/sandbox';
import { documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';
import { runPoll, type PollOptions } from './harness';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';
import v1 from '../nodes/released/justOneApiTrigger.v1.json';
import v2 from '../nodes/generated/justOneApiTrigger.v2.json';
import versions from '../nodes/versions.json';
import { triggerProperties } from '../nodes/shared/trigger-properties';
import { versionProblems } from '../nodes/shared/versioning';

const GOOD = 'tok-N8N-TRIGGER-7071';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
const OID = 'homefeed_food_v3';
/** A paged Douyin operation (page numbers) whose items have no documented id: the sandbox gives each an `id`. */
const COMMENTS_METHOD = 'getVideoCommentV1';
const COMMENTS = '/api/douyin/get-video-comment/v1';
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
  it('is a polling trigger offering every paged operation that is neither deprecated nor hidden', () => {
    const { description } = new JustOneApiTrigger().getNodeType(1);
    expect(description.polling).toBe(true);
    expect(description.inputs).toEqual([]);
    const lists = description.properties.filter((p) => p.name === 'operation');
    // Retired (deprecated, hidden) operations keep an option shown only while it is the saved value.
    const offered = lists.flatMap((p) =>
      (p.options ?? [])
        .filter((o) => !('displayOptions' in o))
        .map((o) => `${p.displayOptions?.show?.platform?.[0]}.${'value' in o ? o.value : ''}`),
    );
    const paged = documentedOperations.filter((op) => op.pagination && !op.deprecated && !op.hidden);
    expect(paged.length).toBeGreaterThan(100);
    expect(offered.sort()).toEqual(paged.map((op) => op.id).sort());
    // One small list per platform, shown for that platform only.
    for (const list of lists) expect(list.displayOptions?.show?.platform).toHaveLength(1);
  });

  it('has an Item ID Field per operation: the documented id by default, else empty (never required in the editor)', () => {
    const { description } = new JustOneApiTrigger().getNodeType(1);
    const field = (platform: string, method: string) => {
      const found = description.properties.filter(
        (p) =>
          p.name === 'itemIdField' &&
          p.displayOptions?.show?.platform?.includes(platform) &&
          p.displayOptions?.show?.operation?.includes(method),
      );
      expect(found, `${platform}.${method}`).toHaveLength(1);
      return found[0]!;
    };
    expect(field('xiaohongshu', 'getNoteFeed')).toMatchObject({ default: 'id', type: 'string' });
    expect(field('xiaohongshu', 'getNoteFeed').required).toBeUndefined();
    expect(field('douyin', COMMENTS_METHOD)).toMatchObject({ default: '', placeholder: 'e.g. item_id' });
    expect(field('douyin', COMMENTS_METHOD).required).toBeUndefined();
    for (const op of documentedOperations.filter((o) => o.pagination && !o.deprecated && !o.hidden))
      expect(field(op.namespace, op.method).default).toBe(op.pagination!.id ?? '');
  });

  it('is versioned like the platform nodes: nodes/versions.json, a released version frozen', () => {
    const trigger = new JustOneApiTrigger();
    const entry = (versions as unknown as Record<string, { current: number; released?: number[] }>)
      .justOneApiTrigger!;
    expect(entry.current).toBe(2);
    expect(entry.released).toEqual([1]);
    expect(trigger.description.defaultVersion).toBe(entry.current);
    expect(Object.keys(trigger.nodeVersions)).toEqual(['1', '2']);
    // v1 (every-minute default, saved workflows) is frozen; the committed v2 is what the catalog generates
    // today. A catalog change that alters a released version fails the generator until "current" is bumped.
    const today = triggerProperties(documentedPlatforms, documentedOperations);
    expect(
      versionProblems('justOneApiTrigger', { current: 2, released: [1] }, today, { 1: v1, 2: v2 }),
    ).toEqual([]);
    const changed = triggerProperties(
      documentedPlatforms,
      documentedOperations.filter((op) => op.id !== `douyin.${COMMENTS_METHOD}`),
    );
    const problems = versionProblems('justOneApiTrigger', { current: 2, released: [1, 2] }, changed, {
      1: v1,
      2: v2,
    });
    expect(problems.join('\n')).toMatch(/justOneApiTrigger v2 is released.*"current": 3/s);
    expect((v2 as INodeProperties[]).length).toBe(today.length);
    expect((v1 as INodeProperties[]).some((p) => p.name === 'pollTimes')).toBe(false);
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

  describe('Item ID Field on an operation without a documented item id (Douyin video comments)', () => {
    const comments = (extra: Record<string, unknown> = {}) => ({
      platform: 'douyin',
      operation: COMMENTS_METHOD,
      awemeId: '7301234567890123456',
      itemIdField: 'id',
      simplify: false,
      ...extra,
    });

    it('first poll records, the next emits only new items, none twice', async () => {
      const first = await poll(comments({ maxPages: 2 }));
      expect(first.items).toBeNull();
      expect(sandbox.stats.count({ path: COMMENTS })).toBe(2);
      const recorded = Object.keys(Object.values(seenOf(first.staticData))[0]!);
      expect(recorded).toHaveLength(10);
      const second = await poll(comments({ maxPages: 3 }), { staticData: first.staticData });
      const emitted = ids(second.items);
      expect(emitted).toHaveLength(5);
      expect(new Set(emitted).size).toBe(5);
      expect(emitted.filter((id) => recorded.includes(id))).toEqual([]);
      const third = await poll(comments({ maxPages: 3 }), { staticData: second.staticData });
      expect(third.items).toBeNull();
    });

    it('with "Emit Existing Items" and Add Usage to Items: items carry the usage in their JSON', async () => {
      const r = await poll(comments({ maxPages: 2, options: { emitExisting: true, usageInItems: true } }));
      expect(ids(r.items)).toHaveLength(10);
      const usage = r.items![0]!.json.justoneapiUsage as IDataObject;
      expect(usage).toMatchObject({ requests: 2, pages: 2, items: 10 });
      expect(usage.summary).toMatch(/^2 requests of 10/);
      expect(r.items![0]!.usage).toMatchObject({ requests: 2 });
      // Off (the default): the JSON is the item alone.
      const plain = await poll(comments({ maxPages: 1, options: { emitExisting: true } }));
      expect(plain.items![0]!.json.justoneapiUsage).toBeUndefined();
    });

    it('empty where the API documents no id: a NodeOperationError naming the field, zero requests', async () => {
      for (const itemIdField of ['', '   ', undefined]) {
        const err = await poll(comments({ itemIdField })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NodeOperationError);
        expect((err as Error).message).toMatch(/Item ID Field is required/);
      }
      const bad = await poll(comments({ itemIdField: 'a b' })).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(NodeOperationError);
      expect((bad as Error).message).toMatch(/dot path/);
      expect(sandbox.stats.count()).toBe(0);
    });

    it('a field no item has fails the poll: nothing emitted, nothing recorded, no page after the first', async () => {
      const err = await poll(
        comments({ itemIdField: 'aweme.cid', maxPages: 3, options: { emitExisting: true } }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeOperationError);
      expect((err as Error).message).toMatch(/no item has the id field "aweme\.cid"/);
      expect((err as Error).message).toMatch(/\bid\b/); // lists the fields the items do have
      expect(sandbox.stats.count({ path: COMMENTS })).toBe(1);
      // After a good first poll, a wrong field still fails rather than emitting every item.
      const first = await poll(comments({ maxPages: 1 }));
      const again = await poll(comments({ itemIdField: 'nope', maxPages: 1 }), {
        staticData: first.staticData,
      }).catch((e: unknown) => e);
      expect((again as Error).message).toMatch(/no item has the id field "nope"/);
    });

    it('changing the Item ID Field starts a new seen-set (its first poll records, emits nothing)', async () => {
      const first = await poll(comments({ maxPages: 1 }));
      const other = await poll(comments({ maxPages: 1, itemIdField: 'rank' }), {
        staticData: first.staticData,
      });
      expect(other.items).toBeNull();
      expect(Object.keys(seenOf(other.staticData))).toHaveLength(2);
    });
  });

  it('the documented id stays the default: a feed workflow saved without the field keeps its seen-set', async () => {
    const first = await poll(feed({ maxPages: 1 }));
    const second = await poll(feed({ maxPages: 2, itemIdField: 'id' }), { staticData: first.staticData });
    expect(Object.keys(seenOf(second.staticData))).toHaveLength(1);
    expect(ids(second.items)).toEqual(idsOf(2).filter((id) => !idsOf(1).includes(id)));
  });
});
