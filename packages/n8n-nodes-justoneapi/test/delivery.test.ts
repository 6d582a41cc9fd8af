// Paid items are never lost across input items: with several input items and Continue On Fail off, an
// item that fails stops the node's spending (no further request for any item), and everything already
// fetched is output with a warning naming the failure; the node fails only when nothing was fetched.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, type Sandbox } from '@justoneapi/sandbox';
import { toUserRecord } from '@justoneapi/sdk/core';
import { runWorkflow, type RunOptions, type WorkflowResult } from './harness';

const GOOD = 'tok-N8N-DELIVERY-4242';
const USERS = '/api/xiaohongshu/search-user/v2';
// Sandbox magic credentials: every third request gets 303; every request gets 303; the first gets 301.
const QUOTA_EVERY_3 = 'sandbox-every3-303';
const QUOTA_NOW = 'sandbox-303';
const BUSY_ONCE = 'sandbox-301x1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD], userPages: 3 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

type Run = Partial<RunOptions> & { token?: string };
const workflow = (parameters: Record<string, unknown>, o: Run = {}): Promise<WorkflowResult> =>
  runWorkflow({
    parameters: parameters as RunOptions['parameters'],
    credentials: { token: o.token ?? GOOD, environment: 'custom', baseUrl: sandbox.url },
    typeVersion: 2,
    ...o,
  });
const users = (kw: string, page: number) => userSearchPage(kw, page, { userPages: 3 }).users as unknown[];
const keywords = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { kw: `kw-${k}` } }));
/** One page per item, one item at a time: request k of the run is item k's page. */
const onePageEach = (options: Record<string, unknown> = {}) => ({
  operation: 'searchUsers',
  keyword: '={{ $json.kw }}',
  limit: 2,
  options: { batching: { batch: { batchSize: 1 } }, ...options },
});

describe('several input items, Continue On Fail off: one item failing loses no paid item', () => {
  it('item 2 fails on its first page: items 0-1 are output with a warning, item 3 is not run', async () => {
    // The sandbox answers every third request of this token with code 303 (daily quota, not retried).
    const r = await workflow(onePageEach(), { token: QUOTA_EVERY_3, items: keywords(4) });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(3);
    expect(r.items.map((i) => i.json)).toEqual(
      ['kw-0', 'kw-1'].flatMap((kw) =>
        users(kw, 1)
          .slice(0, 2)
          .map((u) => toUserRecord(u)),
      ),
    );
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
    const warnings = r.hints.filter((h) => h.type === 'warning').map((h) => h.message);
    expect(warnings).toEqual([expect.stringMatching(/^Item 2: page 1 failed \(.*code 303\)/)]);
    expect(warnings[0]).toMatch(/item 3 was not run/);
    expect(warnings[0]).toMatch(/Continue On Fail/);
  });

  it('every item failing at once (nothing fetched) still fails the node', async () => {
    const r = await workflow(onePageEach(), { token: QUOTA_NOW, items: keywords(2) });
    expect(r.error?.message).toMatch(/code 303/);
    expect(sandbox.stats.count({ path: USERS })).toBe(1);
  });

  it('with Continue On Fail the others run on: items 0-1, the error item of item 2, then item 3', async () => {
    const r = await workflow(onePageEach(), {
      token: QUOTA_EVERY_3,
      items: keywords(4),
      continueOnFail: true,
    });
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count({ path: USERS })).toBe(4);
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(r.items[4]!.json).toMatchObject({ code: 303 });
  });
});

describe('Options > Max Requests: one budget for the whole node run, and usage on every item', () => {
  const all = [1, 2, 3].flatMap((p) => users('咖啡', p));
  const paged = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    operation: 'searchUsers',
    keyword: '咖啡',
    returnAll: true,
    options,
    ...extra,
  });

  it('reached on page 3: pages 1-2 are output, a warning says where it stopped, page 3 is never sent', async () => {
    const r = await workflow(paged({ maxRequests: 2 }));
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.requests.map((q) => q.query.page)).toEqual(['1', '2']);
    expect(r.items.map((i) => i.json)).toEqual(all.slice(0, r.items.length).map((u) => toUserRecord(u)));
    expect(r.items).toHaveLength([1, 2].flatMap((p) => users('咖啡', p)).length);
    expect(r.hints.map((h) => h.message)).toEqual([
      'Max Requests (2) reached: 2 requests sent; the next one was not sent. Item 0 stopped before page=3 (its ' +
        `${r.items.length} items are returned). Raise Max Requests (Options; each request is paid) to get more, or continue in a later run with Options > Start From set to the item's paging.resume (no page is fetched twice).`,
    ]);
    const paging = r.items[0]!.paging as Record<string, unknown>;
    expect(paging).toMatchObject({ pages: 2, truncated: true, resume: { page: 3 } });
    expect(paging.stoppedBy).toMatchObject({ code: 'BUDGET' });
    expect(r.items[0]!.usage).toMatchObject({ requests: 2, ok: 2, pages: 2, refused: 1 });
  });

  it('caps all input items together: later items are not run, and Continue On Fail gives them error items', async () => {
    const items = keywords(3);
    const parameters = { ...onePageEach({ maxRequests: 2 }) };
    const r = await workflow(parameters, { items });
    expect(sandbox.stats.count({ path: USERS })).toBe(2);
    expect(r.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
    expect(r.hints.map((h) => h.message)).toEqual([expect.stringMatching(/Item 2 was not run\./)]);
    sandbox.stats.reset();
    const cof = await workflow(parameters, { items, continueOnFail: true });
    expect(sandbox.stats.count({ path: USERS })).toBe(2);
    expect(cof.items.at(-1)!.json).toMatchObject({
      code: 'BUDGET',
      error: expect.stringMatching(/^Max Requests \(2\) reached/),
    });
  });

  it('a budget spent with nothing fetched fails the node in its own words', async () => {
    // One request, answered 301 (retryable): the retry would be the second request.
    const r = await workflow(paged({ maxRequests: 1 }), { token: BUSY_ONCE });
    expect(r.error?.message).toBe('Max Requests (1) reached: 1 request sent; the next one was not sent');
    expect(sandbox.stats.total()).toBe(1);
  });

  it('Start From continues where paging.resume says: no page fetched twice, nothing lost', async () => {
    const first = await workflow(paged({ maxRequests: 2 }));
    const resume = (first.items[0]!.paging as { resume: Record<string, unknown> }).resume;
    expect(resume).toEqual({ page: 3 });
    const rest = await workflow(paged({ startFrom: JSON.stringify(resume) }));
    expect(sandbox.stats.requests.map((q) => q.query.page)).toEqual(['1', '2', '3']);
    expect([...first.items, ...rest.items].map((i) => i.json)).toEqual(all.map((u) => toUserRecord(u)));
  });

  it.each([
    ['{"page": 3', /^Start From must be a JSON object such as \{"page": 3\}/],
    ['{"keyword": "x"}', /^Start From takes only the paging parameters \(page\), got keyword\./],
    ['[3]', /^Start From must be a JSON object/],
    ['{"page": "x"}', /^Start From|[Pp]age/],
  ])('a bad Start From %s fails before any request', async (startFrom, message) => {
    const r = await workflow(paged({ startFrom }));
    expect(r.error?.message).toMatch(message);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('0 or unset is no limit; a bad value fails before any request', async () => {
    const r = await workflow(paged({ maxRequests: 0 }));
    expect(r.items).toHaveLength(all.length);
    const bad = await workflow(paged({ maxRequests: '={{ -1 }}' }));
    expect(bad.error?.message).toBe('Max Requests must be a whole number >= 0, got -1.');
    expect(sandbox.stats.count()).toBe(3);
  });

  it('every output item carries its input item usage beside the JSON, and in it with Add Usage to Items', async () => {
    const r = await workflow(paged({}, { returnAll: false, limit: 3 }), { items: keywords(2) });
    expect(r.items[0]!.usage).toEqual(expect.objectContaining({ requests: 1, ok: 1, pages: 1, items: 3 }));
    expect(r.items[0]!.json.justoneapiUsage).toBeUndefined();
    const inJson = await workflow(paged({ usageInItems: true }, { returnAll: false, limit: 3 }));
    expect(inJson.items[0]!.json.justoneapiUsage).toMatchObject({
      requests: 1,
      pages: 1,
      items: 3,
      summary: expect.stringMatching(/^1 request \(1 ok\)/),
    });
  });
});
