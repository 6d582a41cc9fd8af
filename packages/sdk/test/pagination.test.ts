import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, userSearchPage, noteFeedPage, type Sandbox } from '@justoneapi/sandbox';
import { createClient, findOperation, ValidationError } from '../src/index.js';
import {
  createPager,
  documentedOperations,
  toNoteRecord,
  toUserRecord,
  USER_COLUMNS,
} from '../src/core/index.js';

const USERS = '/api/xiaohongshu/search-user/v2';
const FEED = '/api/xiaohongshu/get-note-feed/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ userPages: 3, feedPages: 4 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());
const client = () => createClient({ token: 'sandbox', baseUrl: sandbox.url });
const pagesOf = (path: string) =>
  sandbox.stats.requests.filter((r) => r.path === path).map((r) => Number(r.query.page));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('pages()', () => {
  it('stops at has_more: false without requesting past it', async () => {
    const pages = await collect(
      client().xiaohongshu.searchUsers.pages({ keyword: '咖啡' }, { maxPages: Infinity }),
    );
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages.at(-1)!.done).toBe(true);
    expect(pagesOf(USERS)).toEqual([1, 2, 3]);
  });

  it('stops at the first empty page on the feed (no has_more there)', async () => {
    const pages = await collect(
      client().xiaohongshu.getNoteFeed.pages({ oid: 'homefeed_food_v3' }, { maxPages: 50 }),
    );
    expect(pagesOf(FEED)).toEqual([1, 2, 3, 4, 5]);
    expect(pages.at(-1)!.received).toBe(0);
  });

  it('respects maxPages and startPage', async () => {
    const pages = await collect(
      client().xiaohongshu.searchUsers.pages({ keyword: 'a' }, { startPage: 2, maxPages: 1 }),
    );
    expect(pages).toHaveLength(1);
    expect(pagesOf(USERS)).toEqual([2]);
  });

  it('starts from the page param when no startPage is given', async () => {
    await collect(client().xiaohongshu.searchUsers.pages({ keyword: 'a', page: 3 }));
    expect(pagesOf(USERS)).toEqual([3]);
  });

  it('defaults to at most 10 pages', async () => {
    const big = await startSandbox({ feedPages: 30 });
    try {
      await collect(createClient({ token: 'sandbox', baseUrl: big.url }).xiaohongshu.getNoteFeed.pages());
      expect(big.stats.count({ path: FEED })).toBe(10);
    } finally {
      await big.close();
    }
  });

  it('validates before any request', async () => {
    await expect(collect(client().xiaohongshu.searchUsers.pages({ keyword: ' ' }))).rejects.toThrow(
      ValidationError,
    );
    await expect(
      collect(client().xiaohongshu.searchUsers.pages({ keyword: 'a' }, { maxPages: 0 })),
    ).rejects.toThrow(/maxPages/);
    expect(sandbox.stats.total()).toBe(0);
  });
});

describe('items()', () => {
  it('de-duplicates notes the feed repeats across pages', async () => {
    const items = await collect(
      client().xiaohongshu.getNoteFeed.items({ oid: 'homefeed_food_v3' }, { maxPages: 50 }),
    );
    const raw = [1, 2, 3, 4].flatMap(
      (p) => noteFeedPage('homefeed_food_v3', p, { feedPages: 4 }) as Array<{ id: string }>,
    );
    const unique = [...new Set(raw.map((n) => n.id))];
    expect(raw.length).toBeGreaterThan(unique.length); // the sandbox does repeat notes
    expect(items.map((n) => n.id)).toEqual(unique);
  });

  it('stops at maxItems, cutting the last page and fetching no further page', async () => {
    const items = await collect(
      client().xiaohongshu.searchUsers.items({ keyword: 'a' }, { maxItems: 25, maxPages: Infinity }),
    );
    expect(items).toHaveLength(25);
    expect(pagesOf(USERS)).toEqual([1, 2]);
    const expected = [1, 2].flatMap((p) =>
      (userSearchPage('a', p, { userPages: 3 }) as { users: Array<{ id: string }> }).users.map((u) => u.id),
    );
    expect(items.map((u) => u.id)).toEqual(expected.slice(0, 25));
  });
});

describe('records()', () => {
  it('yields flat records in the documented columns', async () => {
    const recs = await collect(
      client().xiaohongshu.searchUsers.records({ keyword: '咖啡' }, { maxPages: 1 }),
    );
    const users = (userSearchPage('咖啡', 1, { userPages: 3 }) as { users: unknown[] }).users;
    expect(recs).toEqual(users.map(toUserRecord));
    expect(Object.keys(recs[0]!)).toEqual([...USER_COLUMNS]);
    const notes = await collect(client().xiaohongshu.getNoteFeed.records({}, { maxPages: 1 }));
    expect(notes).toEqual(
      (noteFeedPage('homefeed_recommend', 1, { feedPages: 4 }) as unknown[]).map(toNoteRecord),
    );
  });
});

describe('createPager (pure)', () => {
  const op = findOperation('xiaohongshu.searchUsers');
  it('stops on a page that adds nothing new', () => {
    const pager = createPager(op, { keyword: 'a', page: 1 }, { maxPages: 100 });
    expect(pager.next()).toEqual({ keyword: 'a', page: 1 });
    expect(pager.accept({ users: [{ id: '1' }, { id: '2' }] }).done).toBe(false);
    expect(pager.next()).toEqual({ keyword: 'a', page: 2 });
    const second = pager.accept({ users: [{ id: '2' }, { id: '1' }] });
    expect(second).toMatchObject({ page: 2, items: [], received: 2, done: true });
    expect(pager.next()).toBeUndefined();
  });
});

describe('pages that repeat what was already received', () => {
  // An operation without a documented item id, paged by page number: an API that ignores the page
  // parameter answers the same items forever, and each further page would be paid for.
  const noId = documentedOperations.find(
    (o) =>
      o.pagination &&
      !o.pagination.id &&
      !o.pagination.hasMore &&
      o.pagination.state.every((s) => s.kind === 'page') &&
      !o.params.some((p) => p.required && p.in === 'body'),
  )!;
  const required = Object.fromEntries(
    noId.params
      .filter((p) => p.required)
      .map((p) => [p.name, p.enum?.[0]?.value ?? (p.type === 'string' ? 'a' : 1)]),
  );

  it('ends the run on a page identical in content to the previous one, saying why (pure)', () => {
    const pager = createPager(noId, required, { maxPages: 50 });
    const items = [
      { title: 'a', n: 1 },
      { title: 'b', n: 2 },
    ];
    const page = (list: unknown[]) => (noId.pagination!.items ? { [noId.pagination!.items]: list } : list);
    expect(pager.accept(page(items))).toMatchObject({ done: false, items });
    const again = pager.accept(page(items.map((i) => ({ ...i }))));
    expect(again).toMatchObject({ items: [], received: 2, done: true, stop: 'end', reason: 'nothing-new' });
    expect(pager.next()).toBeUndefined();
  });

  it('pays for one repeated page at most, over HTTP', async () => {
    const api = createClient({ token: 'sandbox-repeat', baseUrl: sandbox.url }) as unknown as Record<
      string,
      Record<
        string,
        { pages: (p: object, o: object) => AsyncIterable<{ items: unknown[]; reason?: string }> }
      >
    >;
    const pages = await collect(api[noId.namespace]![noId.method]!.pages(required, { maxPages: 10 }));
    expect(sandbox.stats.count({ path: noId.path })).toBe(2);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.items.length).toBeGreaterThan(0);
    expect(pages[1]).toMatchObject({ items: [], reason: 'nothing-new' });
  });
});
