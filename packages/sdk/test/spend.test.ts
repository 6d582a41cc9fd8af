// Spend control against the sandbox over HTTP: the run ledger, request budgets (per run and per
// client), the dry-run estimate, "only new items" across runs (memory and file stores) and resuming an
// interrupted run without fetching a page twice.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noteFeedPage, type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  createClient,
  findOperation,
  JustOneApiError,
  ValidationError,
} from '../src/index.js';
import { FileSeenStore } from '../src/file-seen-store.js';
import {
  estimateRequests,
  formatEstimate,
  formatUsage,
  MemorySeenStore,
  addSeen,
  addUsage,
  checkOnlyNew,
  documentedOperations,
  executeTracked,
  type HttpAnswer,
  Ledger,
  prepareRequest,
  seenIds,
  seenKey,
} from '../src/core/index.js';

const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ feedPages: 4, userPages: 3 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());
const client = (extra: Parameters<typeof createClient>[0] = {}) =>
  createClient({ token: 'sandbox', baseUrl: sandbox.url, ...extra });
/** Pages the sandbox answered with code 0, in order. */
const okPages = (path = FEED) =>
  sandbox.stats.requests.filter((r) => r.path === path && r.code === 0).map((r) => Number(r.query.page));
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function failure(p: Promise<unknown>): Promise<JustOneApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(JustOneApiError);
    return e as JustOneApiError;
  }
  throw new Error('expected a failure');
}
const fast = { baseDelayMs: 1, rateLimitBaseDelayMs: 1 };
const tmp = () => mkdtempSync(join(tmpdir(), 'jo-spend-'));

describe('core: ledger and budget over a host transport (executeTracked)', () => {
  const op = findOperation('xiaohongshu.searchUsers');
  const sendOver = async (req: { url: string }): Promise<HttpAnswer> => {
    const res = await fetch(req.url);
    return { status: res.status, body: await res.text(), headers: {} };
  };
  const prepared = (token: string) => prepareRequest(op, { keyword: 'a' }, { baseUrl: sandbox.url, token });

  it('counts requests, ok, failures by code and retries', async () => {
    const ledger = new Ledger();
    await executeTracked(
      prepared('sandbox-302x1'),
      { send: sendOver, sleep: async () => {}, policy: { maxRetries: 2, ...fast } },
      ledger,
    );
    await expect(
      executeTracked(
        prepared('sandbox-400'),
        { send: sendOver, sleep: async () => {}, policy: { maxRetries: 2, ...fast } },
        ledger,
      ),
    ).rejects.toThrow(/400/);
    expect(ledger.usage).toMatchObject({ requests: 3, ok: 1, failed: { 302: 1, 400: 1 }, retries: 1 });
    expect(sandbox.stats.total()).toBe(3);
    expect(formatUsage(ledger.usage)).toBe('3 requests (1 ok, 2 failed: 302×1, 400×1), 1 retry, 0 items');
  });

  it('refuses a retry past the budget before its wait, and says how many were sent', async () => {
    const parent = new Ledger({ maxRequests: 5, scope: 'this client' });
    const ledger = new Ledger({ maxRequests: 2, parent });
    let waits = 0;
    const err = await failure(
      executeTracked(
        prepared('sandbox-500'),
        {
          send: sendOver,
          sleep: async () => {
            waits++;
          },
          policy: { maxRetries: 5, ...fast },
        },
        ledger,
      ),
    );
    expect(err).toBeInstanceOf(BudgetExceededError);
    expect(err.message).toMatch(/2 of 2 requests sent .*stopped before sending the next request/);
    expect(err.retryable).toBe(false);
    expect(sandbox.stats.total()).toBe(2);
    expect(waits).toBe(1); // one wait before the 2nd request; none before the refused 3rd
    expect(ledger.usage).toMatchObject({ requests: 2, failed: { 500: 2 }, retries: 1, refused: 1 });
    expect(parent.usage).toMatchObject({ requests: 2, refused: 1 });
    expect(parent.remaining()).toBe(3);
  });

  it('adds usages and formats them in one line', () => {
    const a = new Ledger();
    a.sent();
    a.answered();
    a.page(20, 17);
    a.emitted(17);
    const b = new Ledger();
    b.sent();
    b.failed(new ValidationError('x'));
    b.cacheHit(2);
    const sum = addUsage(a.usage, b.usage);
    expect(sum).toMatchObject({ requests: 2, ok: 1, failed: { VALIDATION: 1 }, duplicates: 3, cached: 2 });
    expect(formatUsage(sum, 10)).toBe(
      '2 requests of 10 (1 ok, 1 failed: VALIDATION×1), 1 page, 17 items, 3 duplicates dropped, 2 requests saved by the cache',
    );
  });
});

describe('core: dry-run estimate', () => {
  it('is pages × jobs, and × (1 + retries) at worst, capped by the budget', () => {
    expect(estimateRequests({ paged: true, maxPages: 3, jobs: 4, maxRetries: 2 })).toEqual({
      requests: 12,
      withRetries: 36,
      capped: false,
    });
    expect(estimateRequests({ paged: false, maxPages: 3, jobs: 4, maxRetries: 0 })).toEqual({
      requests: 4,
      withRetries: 4,
      capped: false,
    });
    expect(estimateRequests({ paged: true })).toMatchObject({ requests: 10, withRetries: 30 });
    const capped = estimateRequests({ paged: true, maxPages: 5, jobs: 3, maxRequests: 20 });
    expect(capped).toEqual({ requests: 15, withRetries: 20, capped: true });
    expect(formatEstimate(capped)).toBe(
      'at most 15 requests (20 if every request is retried, capped by the budget)',
    );
    expect(estimateRequests({ paged: true, maxPages: Infinity }).requests).toBe(Infinity);
    expect(() => estimateRequests({ paged: true, maxPages: 0 })).toThrow(ValidationError);
  });
});

describe('core: seen-sets', () => {
  const feed = findOperation('xiaohongshu.getNoteFeed');
  it('keys by operation and params without paging state', () => {
    expect(seenKey(feed, { oid: 'homefeed_food_v3', page: 3 })).toBe(
      seenKey(feed, { page: 1, oid: 'homefeed_food_v3' }),
    );
    expect(seenKey(feed, { oid: 'homefeed_food_v3' })).not.toBe(seenKey(feed, { oid: 'homefeed_recommend' }));
    expect(seenKey(feed, { oid: 'a b' })).toBe('xiaohongshu.getNoteFeed?oid=a%20b');
  });

  it('is bounded by size (oldest out) and age', () => {
    let now = 1_000;
    const store = new MemorySeenStore({ maxIds: 3, maxAgeMs: 100, now: () => now });
    store.add('k', ['a']);
    now = 1_010;
    store.add('k', ['b']);
    now = 1_050;
    store.add('k', ['c', 'd']);
    expect(store.get('k').sort()).toEqual(['b', 'c', 'd']); // a, the oldest, made room
    now = 1_120; // b is past maxAge
    expect(store.get('k').sort()).toEqual(['c', 'd']);
    now = 1_200;
    expect(store.get('k')).toEqual([]);
    const state = addSeen({}, 'x', ['1', '2'], { now: () => 5 });
    expect(seenIds(state, 'x', { now: () => 6 })).toEqual(['1', '2']);
  });

  it('refuses onlyNew where items have no id', () => {
    const noId = documentedOperations.find((op) => op.pagination && !op.pagination.id)!;
    expect(() => checkOnlyNew(noId)).toThrow(/needs an item id/);
  });
});

describe('SDK: usage', () => {
  it('itemises each run on its iterator and the whole client on client.usage', async () => {
    const c = client();
    const run = c.xiaohongshu.getNoteFeed.items({ oid: 'homefeed_food_v3' }, { maxPages: 50 });
    const items = await collect(run);
    const raw = [1, 2, 3, 4].flatMap(
      (p) => noteFeedPage('homefeed_food_v3', p, { feedPages: 4 }) as unknown[],
    );
    expect(run.usage).toEqual({
      requests: 5,
      ok: 5,
      failed: {},
      retries: 0,
      pages: 5,
      items: items.length,
      duplicates: raw.length - items.length,
      alreadySeen: 0,
      cached: 0,
      refused: 0,
    });
    expect(run.usage.duplicates).toBeGreaterThan(0);
    expect(run.resume).toBeUndefined(); // it reached the end
    await c.xiaohongshu.searchUsers({ keyword: 'a' });
    expect(c.usage).toMatchObject({ requests: 6, ok: 6, pages: 5, items: items.length });
    expect(sandbox.stats.total()).toBe(6);
  });

  it('counts retries and failures by code', async () => {
    const c = client({ token: 'sandbox-latency1+302x1', maxRetries: 1 });
    const run = c.xiaohongshu.searchUsers.pages({ keyword: 'a' }, { maxPages: 1 });
    await collect(run);
    expect(run.usage).toMatchObject({ requests: 2, ok: 1, failed: { 302: 1 }, retries: 1, pages: 1 });
  });
});

describe('SDK: maxRequests', () => {
  it('stops a run before the request past its budget, with where to resume', async () => {
    const run = client().xiaohongshu.getNoteFeed.items({ oid: 'food' }, { maxPages: 50, maxRequests: 2 });
    const got: unknown[] = [];
    const err = await failure(
      (async () => {
        for await (const x of run) got.push(x);
      })(),
    );
    expect(err).toBeInstanceOf(BudgetExceededError);
    const b = err as BudgetExceededError;
    expect(b.message).toMatch(/2 of 2 requests sent.*Resume from page=3/);
    expect(b.next).toEqual({ oid: 'homefeed_food_v3', page: 3 });
    expect(run.resume).toEqual(b.next);
    expect(sandbox.stats.total()).toBe(2);
    expect(run.usage).toMatchObject({ requests: 2, pages: 2, refused: 1, items: got.length });
  });

  it('caps a whole client, single calls and runs alike; bad budgets send nothing', async () => {
    const c = client({ maxRequests: 3 });
    await c.xiaohongshu.searchUsers({ keyword: 'a' });
    await expect(collect(c.xiaohongshu.searchUsers.pages({ keyword: 'a' }, { maxPages: 5 }))).rejects.toThrow(
      BudgetExceededError,
    );
    const err = await failure(c.xiaohongshu.searchUsers({ keyword: 'b' }));
    expect(err.message).toMatch(/3 of 3 requests sent \(maxRequests for this client\)/);
    expect(sandbox.stats.total()).toBe(3);
    expect(c.usage).toMatchObject({ requests: 3, refused: 2 });
    sandbox.stats.reset();
    expect(() => client({ maxRequests: 0 })).toThrow(/maxRequests/);
    await expect(
      collect(client().xiaohongshu.searchUsers.items({ keyword: 'a' }, { maxRequests: 1.5 })),
    ).rejects.toThrow(ValidationError);
    expect(sandbox.stats.total()).toBe(0);
  });

  it('counts calls and runs into the caller ledger (one per job), whose budget applies too', async () => {
    const c = client();
    const job = new Ledger({ maxRequests: 3, scope: 'this job' });
    await c.xiaohongshu.searchUsers({ keyword: 'a' }, { ledger: job });
    const run = c.xiaohongshu.getNoteFeed.pages({ oid: 'food' }, { maxPages: 5, ledger: job });
    await expect(collect(run)).rejects.toThrow(/3 of 3 requests sent \(maxRequests for this job\).*page=3/);
    expect(job.usage).toMatchObject({ requests: 3, ok: 3, pages: 2, refused: 1 });
    expect(run.usage).toMatchObject({ requests: 2, pages: 2, refused: 1 });
    expect(c.usage).toMatchObject({ requests: 3, pages: 2 });
    expect(sandbox.stats.total()).toBe(3);
  });

  it('never goes past the budget across repeated runs on one client', async () => {
    const c = client({ maxRequests: 7 });
    for (let i = 0; i < 4; i++)
      await collect(c.xiaohongshu.getNoteFeed.pages({ oid: `homefeed_food_v3` }, { maxPages: 3 })).catch(
        (e) => expect(e).toBeInstanceOf(BudgetExceededError),
      );
    expect(sandbox.stats.total()).toBe(7);
  });
});

describe('SDK: onlyNew', () => {
  it('stopAtSeen: stops at the first page earlier runs delivered, so a poll with nothing new costs one request', async () => {
    const store = new MemorySeenStore();
    const users = () =>
      client().xiaohongshu.searchUsers.items(
        { keyword: 'coffee' },
        { maxPages: 5, onlyNew: store, stopAtSeen: true },
      );
    const first = users();
    expect((await collect(first)).length).toBeGreaterThan(0);
    expect(first.usage.requests).toBeGreaterThan(1);
    const again = users();
    expect(await collect(again)).toEqual([]);
    expect(again.usage).toMatchObject({ requests: 1, pages: 1, items: 0 });
    // Where the older pages start, for a caller who wants them.
    expect(again.resume).toMatchObject({ page: 2 });
  });

  it('emits no item twice across repeated runs reading deeper (stopAtSeen false, file store), per params', async () => {
    const path = join(tmp(), 'state', 'seen.json');
    const run = (maxPages: number, oid: 'homefeed_food_v3' | 'homefeed_recommend' = 'homefeed_food_v3') =>
      collect(
        client().xiaohongshu.getNoteFeed.items(
          { oid },
          { maxPages, onlyNew: new FileSeenStore(path), stopAtSeen: false },
        ),
      );
    const first = await run(2);
    const second = await run(50);
    const third = await run(50);
    const all = await collect(
      client().xiaohongshu.getNoteFeed.items({ oid: 'homefeed_food_v3' }, { maxPages: 50 }),
    );
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(third).toEqual([]);
    expect([...ids(first), ...ids(second)]).toEqual(ids(all)); // each once, in order, none lost
    // Another feed is another key: everything is new there.
    expect((await run(1, 'homefeed_recommend')).length).toBeGreaterThan(0);
    expect(readdirSync(join(path, '..'))).toEqual(['seen.json']); // no temporary file left
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')))).toHaveLength(2);
  });

  it('counts new items against maxItems and remembers only what it emitted', async () => {
    const store = new MemorySeenStore();
    const users = (o: object) =>
      client().xiaohongshu.searchUsers.items({ keyword: 'coffee' }, { maxPages: 50, onlyNew: store, ...o });
    const a = await collect(users({ maxItems: 5 }));
    const b = users({ maxItems: 5 });
    const bItems = await collect(b);
    const rest = await collect(users({}));
    expect(a).toHaveLength(5);
    expect(bItems).toHaveLength(5);
    const everyone = await collect(
      client().xiaohongshu.searchUsers.items({ keyword: 'coffee' }, { maxPages: 50 }),
    );
    expect([...ids(a), ...ids(bItems), ...ids(rest)]).toEqual(ids(everyone));
    expect(b.usage.alreadySeen).toBe(5);
  });

  it('marks an item seen only once it was delivered: a consumer that stops mid-page loses nothing', async () => {
    const store = new MemorySeenStore();
    const users = () =>
      client().xiaohongshu.searchUsers.items({ keyword: 'coffee' }, { maxPages: 50, onlyNew: store });
    const taken: Array<{ id: string }> = [];
    for await (const user of users()) {
      taken.push(user);
      if (taken.length === 2) break; // the rest of page 1 was paid for but never handed over
    }
    const rest = await collect(users());
    const everyone = await collect(
      client().xiaohongshu.searchUsers.items({ keyword: 'coffee' }, { maxPages: 50 }),
    );
    expect(taken).toHaveLength(2);
    expect([...ids(taken), ...ids(rest)]).toEqual(ids(everyone));
  });

  it('refuses an unusable store or operation before any request', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '[1,2]');
    await expect(
      collect(
        client().xiaohongshu.getNoteFeed.items({}, { onlyNew: new FileSeenStore(join(dir, 'bad.json')) }),
      ),
    ).rejects.toThrow(/not a seen-items state file.*delete it/);
    const noId = documentedOperations.find(
      (op) => op.pagination && !op.pagination.id && !op.params.some((p) => p.required),
    )!;
    const api = client() as unknown as Record<string, Record<string, { items: Function }>>;
    await expect(
      collect(api[noId.namespace]![noId.method]!.items({}, { onlyNew: new MemorySeenStore() })),
    ).rejects.toThrow(ValidationError);
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('SDK: onlyNew with an item id field the user names', () => {
  it('works on an operation whose item id the vendor does not document', async () => {
    const store = new MemorySeenStore();
    const api = client().douyin;
    const run = (maxPages: number) =>
      collect(
        api.searchVideoV4.items(
          { keyword: 'coffee' },
          { maxPages, onlyNew: store, itemId: 'data.aweme_info.aweme_id', stopAtSeen: false },
        ),
      );
    const first = await run(2);
    const second = await run(50);
    const third = await run(50);
    const all = await collect(api.searchVideoV4.items({ keyword: 'coffee' }, { maxPages: 50 }));
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(third).toEqual([]);
    const id = (i: unknown) => (i as { data: { aweme_info: { aweme_id: string } } }).data.aweme_info.aweme_id;
    expect([...first, ...second].map(id)).toEqual(all.map(id));
  });

  it('refuses a bad field before any request, and a field no item has after the first page', async () => {
    const api = client().douyin;
    const store = new MemorySeenStore();
    await expect(
      collect(api.searchVideoV4.items({ keyword: 'a' }, { onlyNew: store, itemId: 'a b' })),
    ).rejects.toThrow(/dot path/);
    await expect(collect(api.searchVideoV4.items({ keyword: 'a' }, { onlyNew: store }))).rejects.toThrow(
      /Item ID Field/,
    );
    expect(sandbox.stats.total()).toBe(0);
    await expect(
      collect(api.searchVideoV4.items({ keyword: 'a' }, { onlyNew: store, itemId: 'aweme_id' })),
    ).rejects.toThrow(/no item has the id field "aweme_id".*type, data/);
    expect(sandbox.stats.total()).toBe(1);
  });
});

describe('SDK: resume', () => {
  it('continues an interrupted run (an error) without fetching a page twice', async () => {
    // The 3rd request of this token fails with a code that is not retried.
    const run = client({ token: 'sandbox-every3-400' }).xiaohongshu.getNoteFeed.pages(
      { oid: 'food' },
      { maxPages: 50 },
    );
    const before: number[] = [];
    await expect(
      (async () => {
        for await (const p of run) before.push(p.page);
      })(),
    ).rejects.toThrow(/400/);
    expect(run.resume).toEqual({ oid: 'homefeed_food_v3', page: 3 });
    const after = await collect(client().xiaohongshu.getNoteFeed.pages(run.resume!, { maxPages: 50 }));
    expect([...before, ...after.map((p) => p.page)]).toEqual([1, 2, 3, 4, 5]);
    expect(okPages()).toEqual([1, 2, 3, 4, 5]); // each page answered once
  });

  it('continues a budget stop from error.next, for a cursor-paged operation too', async () => {
    const op = findOperation('twitter.searchV1');
    expect(op.pagination?.state.map((s) => s.kind)).toEqual(['cursor']);
    const api = client() as unknown as Record<string, Record<string, { items: Function }>>;
    const m = api[op.namespace]![op.method]!;
    const params = { keyword: 'x' };
    const seen: Array<Record<string, unknown>> = [];
    let next: Record<string, unknown> | undefined = params;
    let runs = 0;
    while (next && runs < 20) {
      runs++;
      try {
        for await (const item of m.items(next, { maxRequests: 1, maxPages: Infinity })) seen.push(item);
        next = undefined;
      } catch (e) {
        expect(e).toBeInstanceOf(BudgetExceededError);
        next = (e as BudgetExceededError).next;
      }
    }
    // Every request of the resumed runs asked for a different page (one request per run).
    const asked = sandbox.stats.requests.map((r) => JSON.stringify(r.query));
    expect(asked).toHaveLength(runs);
    expect(new Set(asked).size).toBe(runs);
    expect(runs).toBeGreaterThan(2);
    const all = await collect<Record<string, unknown>>(m.items(params, { maxPages: Infinity }));
    expect(seen).toEqual(all);
  });
});
