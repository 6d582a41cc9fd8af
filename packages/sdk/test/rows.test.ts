import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS, startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { ColumnsError, createClient, type UserRecord, ValidationError } from '../src/index.js';
import { createRows, findOperation, parseColumns, planColumns, wrapperOf } from '../src/core/index.js';
import { FIXTURE_CASES, type FixtureCase } from './fixture-cases.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const client = () => createClient({ token: 'sandbox', baseUrl: sandbox.url });
type Row = Record<string, unknown>;
function method(id: string) {
  const [ns, m] = id.split('.') as [string, string];
  return (
    client() as unknown as Record<
      string,
      Record<string, { records: (p: object, o?: object) => AsyncIterable<Row> }>
    >
  )[ns]![m]!;
}
async function rows(c: FixtureCase, options: object = {}): Promise<Row[]> {
  const out: Row[] = [];
  for await (const r of method(c.op).records(c.params, { maxPages: 3, ...options })) out.push(r);
  return out;
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

it('every realistic fixture of the sandbox has a case here', () => {
  expect(FIXTURE_CASES.map((c) => findOperation(c.op).path).sort()).toEqual([...FIXTURE_PATHS].sort());
});

describe.each(FIXTURE_CASES.map((c) => [c.op, c] as const))('default rows of %s', (_op, c) => {
  it('at most 30 columns, short unique names, the same columns on every page and row', async () => {
    const all = await rows(c);
    expect(all.length).toBeGreaterThan(5); // more than one page
    const columns = Object.keys(all[0]!);
    expect(columns.length).toBeGreaterThanOrEqual(10);
    expect(columns.length).toBeLessThanOrEqual(30);
    for (const name of columns) expect(name.length, name).toBeLessThanOrEqual(32);
    for (const r of all) expect(Object.keys(r)).toEqual(columns);
    // Run to run: the same columns in the same order.
    expect(Object.keys((await rows(c, { maxPages: 1 }))[0]!)).toEqual(columns);
  });

  it('has the columns a person would pick: id, text, author, counts, date, URL', async () => {
    const [first] = await rows(c, { maxPages: 1 });
    const p = c.picks;
    const wanted = [
      p.id,
      p.text,
      ...(p.author ? [p.author] : []),
      ...p.counts,
      ...(p.date ? [p.date] : []),
      p.url,
    ];
    expect(Object.keys(first!)).toEqual(expect.arrayContaining(wanted));
    expect(first![p.id]).toBeTruthy();
    expect(first![p.url]).toMatch(/^https?:\/\//);
  });

  it("puts the item's own id and text first, before the ids of objects inside it (music.id)", async () => {
    const [first] = await rows(c, { maxPages: 1 });
    const names = Object.keys(first!);
    const text = names.indexOf(c.picks.text);
    expect(names.indexOf(c.picks.id)).toBeLessThan(text);
    const nestedIds = names.filter(
      (n) => n !== c.picks.id && n.includes('.') && /(^|\.)(id|[a-z]+_id|mid|uid)$/.test(n),
    );
    for (const n of nestedIds) expect(names.indexOf(n), `${n} before ${c.picks.text}`).toBeGreaterThan(text);
  });

  it('pages like the operation: distinct ids on every page, then the end of results', async () => {
    const run = method(c.op).records(c.params, { maxPages: 10 }) as AsyncIterable<Row> & {
      usage: { pages: number };
    };
    const all: Row[] = [];
    for await (const r of run) all.push(r);
    const ids = all.map((r) => r[c.picks.id]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.usage.pages).toBeLessThan(10); // it ended by itself
    expect(run.usage.pages).toBeGreaterThan(1);
  });

  it('gives dates as ISO dates, one URL per cell, no JSON lists', async () => {
    const all = await rows(c);
    if (c.picks.date) for (const r of all) expect(r[c.picks.date]).toMatch(ISO);
    for (const r of all)
      for (const [k, v] of Object.entries(r)) {
        expect(typeof v === 'object' && v !== null, k).toBe(false);
        if (typeof v !== 'string') continue;
        expect(v.match(/https?:\/\//g)?.length ?? 0, `${k}: ${v}`).toBeLessThanOrEqual(1);
        expect(v.startsWith('['), `${k}: ${v}`).toBe(false);
      }
  });
});

describe('columns the user chooses', () => {
  const douyin = FIXTURE_CASES.find((c) => c.op === 'douyin.searchVideoV4')!;

  it('gives exactly the requested columns, renamed, from compact names or raw paths', async () => {
    const all = await rows(douyin, {
      columns:
        'id=aweme_id, likes=statistics.digg_count, author=author.nickname, published=create_time, video=video.play_addr.url, tags=text_extra, data.type',
    });
    expect(all.length).toBeGreaterThan(5);
    for (const r of all) {
      expect(Object.keys(r)).toEqual(['id', 'likes', 'author', 'published', 'video', 'tags', 'data.type']);
      expect(r.likes).toEqual(expect.any(Number));
      expect(r.published).toMatch(ISO);
      expect(r.video).toMatch(/^https:\/\/v1-/);
      expect(JSON.parse(r.tags as string)[0]).toHaveProperty('hashtag_name'); // a list of objects, raw, on request
      expect(r['data.type']).toBe(1);
    }
  });

  it('"*" gives every compact column, more than the default', async () => {
    const [all] = await rows(douyin, { maxPages: 1, columns: '*' });
    const [few] = await rows(douyin, { maxPages: 1 });
    expect(Object.keys(all!).length).toBeGreaterThan(Object.keys(few!).length);
    expect(Object.keys(all!)).toEqual(expect.arrayContaining(Object.keys(few!)));
  });

  it('reports a column no item has, with the columns there are, after delivering the page and before the next', async () => {
    const got: Row[] = [];
    const run = method(douyin.op).records(douyin.params, {
      maxPages: 3,
      columns: 'likes=statistics.digg_cnt, desc',
    });
    const err = await (async () => {
      try {
        for await (const r of run) got.push(r);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ColumnsError);
    expect((err as ColumnsError).missing).toEqual([{ name: 'likes', path: 'statistics.digg_cnt' }]);
    expect((err as ColumnsError).available).toContain('statistics.digg_count');
    expect((err as Error).message).toMatch(
      /"likes" \(statistics\.digg_cnt\) matches no field.*statistics\.digg_count/,
    );
    expect(got).toHaveLength(5); // the paid page is delivered
    expect(got[0]).toEqual({ likes: null, desc: expect.any(String) });
  });

  it('refuses a malformed columns text before any request', async () => {
    const before = sandbox.stats.total();
    for (const bad of ['likes=', '=a', 'a b', 'x=a, x=b', 'n=*'])
      await expect(rows(douyin, { columns: bad })).rejects.toThrow(ValidationError);
    expect(sandbox.stats.total()).toBe(before);
  });

  it('keeps the curated Xiaohongshu records by default, and picks from them by column name', async () => {
    const api = client().xiaohongshu;
    const curated: UserRecord[] = [];
    for await (const r of api.searchUsers.records({ keyword: '咖啡' }, { maxPages: 1 })) curated.push(r);
    const picked: Row[] = [];
    for await (const r of api.searchUsers.records(
      { keyword: '咖啡' },
      { maxPages: 1, columns: 'who=name, followers, image' },
    ))
      picked.push(r);
    expect(picked.map((r) => Object.keys(r))[0]).toEqual(['who', 'followers', 'image']);
    expect(picked.map((r) => r.who)).toEqual(curated.map((r) => r.name));
    expect(picked.map((r) => r.followers)).toEqual(curated.map((r) => r.followers));
    expect(picked[0]!.image).toMatch(/^https:\/\/sns-avatar/); // a raw field of the item
  });
});

describe('compact rules (core)', () => {
  const op = findOperation('douyin.searchVideoV4');
  const page = (items: unknown[], columns?: string) => createRows(op, columns ? { columns } : {}).page(items);

  it('drops the wrapper every item shares, keeps outer fields under their own names', () => {
    const items = [1, 2].map((n) => ({ type: 1, card: { inner: { id: `a${n}`, title: 't', n } } }));
    expect(wrapperOf(items)).toBe('card.inner');
    expect(Object.keys(page(items).rows[0]!)).toEqual(['id', 'title', 'type', 'n']);
    expect(wrapperOf([{ id: 1, author: { a: 1, b: 2 }, stats: { c: 1 } }])).toBe('');
  });

  it('turns epochs in time-named fields into dates, and leaves other numbers alone', () => {
    const [r] = page([
      {
        create_time: 1767225600,
        updated_at: 1767225600123,
        size: 1767225600,
        publishTime: 'Sun Dec 06 10:00:00 +0800 2026',
      },
    ]).rows;
    expect(r).toEqual({
      create_time: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.123Z',
      publishTime: '2026-12-06T02:00:00.000Z',
      size: 1767225600,
    });
  });

  it('gives a URL list its first URL, joins scalar lists, counts object lists', () => {
    const [r] = page([
      {
        id: 'x',
        cover: { url_list: ['https://a/1', 'https://a/2'] },
        tags: ['a', 'b'],
        images: [{ url: 'https://i/1' }, { url: 'https://i/2' }],
        empty: [],
      },
    ]).rows;
    expect(r).toMatchObject({
      'cover.url': 'https://a/1',
      tags: 'a, b',
      'images.count': 2,
      'images.url': 'https://i/1',
      empty: null,
    });
  });

  it('keeps names within 32 characters, unique, dropping leading segments first', () => {
    const item = {
      id: 1,
      a: { very_long_segment_name: { another_long_segment: { leaf_value_here: 1 } } },
      b: { another_long_segment: { leaf_value_here: 2 } },
    };
    const plan = planColumns([item]);
    const names = plan.columns.map((c) => c.name);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(32);
    expect(new Set(names).size).toBe(names.length);
    const cut = plan.columns.find(
      (c) => c.path === 'a.very_long_segment_name.another_long_segment.leaf_value_here',
    )!;
    expect(cut).toMatchObject({ name: expect.stringMatching(/^a\.….*leaf_value_here$/), cut: true });
    expect(plan.columns.find((c) => c.path.startsWith('b.'))).toMatchObject({
      name: 'leaf_value_here',
      cut: true,
    });
  });

  it("bounds the default columns and keeps the first page's columns on later pages", () => {
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, i]));
    const rows = createRows(op);
    const first = rows.page([{ id: 1, ...wide }]).rows[0]!;
    expect(Object.keys(first)).toHaveLength(30);
    const later = rows.page([{ id: 2, extra: 'new', f0: 5 }]).rows[0]!;
    expect(Object.keys(later)).toEqual(Object.keys(first));
    expect(later).toMatchObject({ id: 2, f0: 5, f1: null });
  });

  it('drops HTML markup from text columns only', () => {
    const [r] = page([
      { id: 'a', title: '【vlog】<em class="keyword">咖啡</em>测评', link: '<a>x</a>' },
    ]).rows;
    expect(r).toMatchObject({ title: '【vlog】咖啡测评', link: '<a>x</a>' });
  });

  it('parses the one columns syntax: name=path or path, commas or new lines, * for all', () => {
    expect(parseColumns(' likes = statistics.digg_count ,author.nickname\n*')).toEqual([
      { name: 'likes', path: 'statistics.digg_count' },
      { name: 'author.nickname', path: 'author.nickname' },
      { name: '*', path: '*' },
    ]);
    expect(parseColumns('')).toEqual([]);
  });
});
