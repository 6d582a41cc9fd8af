import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NOTE_COLUMNS,
  NOTE_COLUMN_DESCRIPTIONS,
  USER_COLUMNS,
  USER_COLUMN_DESCRIPTIONS,
  parseCount,
  toNoteRecord,
  toUserRecord,
  flatten,
  toRecord,
  findOperation,
} from '../src/core/index.js';

// The vendor's documented example responses, kept in specs/ as the 200 response's example, are the fixtures:
// User Search V2's in the Xiaohongshu overlay, Notes Feed V1's in its supplementary spec.
const specFile = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../../specs/${path}`, import.meta.url), 'utf8'));
function example(file: string): { data: unknown } {
  if (file === 'user-search-v2.json') {
    const overlay = specFile('overlays/xiaohongshu.json');
    const action = overlay.actions.find((a: any) => a.update?.examples);
    return action.update.examples.documented.value;
  }
  const spec = specFile('supplementary/xiaohongshu-notes-feed-v1.json');
  const op = Object.values(Object.values(spec.paths)[0] as Record<string, any>)[0];
  return op.responses['200'].content['application/json'].examples.documented.value;
}

describe('parseCount', () => {
  it.each([
    ['粉丝 381.2万', 3_812_000],
    ['粉丝 1.1亿', 110_000_000],
    ['粉丝 1,234', 1234],
    ['12.5w', 125_000],
    ['3.4k', 3400],
    [42, 42],
  ])('%s -> %d', (text, n) => expect(parseCount(text)).toBe(n));
  it('gives null when no number is stated', () => {
    expect(parseCount('')).toBeNull();
    expect(parseCount('粉丝')).toBeNull();
    expect(parseCount(undefined)).toBeNull();
  });
});

describe('toUserRecord', () => {
  const users = (example('user-search-v2.json').data as { users: Record<string, unknown>[] }).users;

  it('maps the documented example to exactly the documented columns', () => {
    const first = users[0]!;
    const rec = toUserRecord(first);
    expect(Object.keys(rec)).toEqual([...USER_COLUMNS]);
    expect(rec).toMatchObject({
      id: first.id,
      name: first.name,
      red_id: first.red_id,
      description: first.desc,
      avatar_url: first.image,
      profile_url: `https://www.xiaohongshu.com/user/profile/${first.id}`,
      verified: false,
      verify_type: 0,
      subtitle: null, // an empty text is no value
      followers: null,
    });
  });

  it('reads followers from the subtitle, else from fans', () => {
    expect(toUserRecord({ id: 'a', sub_title: '粉丝 381.2万' }).followers).toBe(3_812_000);
    expect(toUserRecord({ id: 'a', sub_title: '小红书号:123', fans: '75.7万' }).followers).toBe(757_000);
    expect(toUserRecord({ id: 'a', red_official_verified: true, red_official_verify_type: 2 })).toMatchObject(
      { verified: true, verify_type: 2 },
    );
  });

  it('never throws on junk and keeps every column', () => {
    for (const junk of [null, 1, 'x', [], { id: 5 }])
      expect(Object.keys(toUserRecord(junk))).toEqual([...USER_COLUMNS]);
  });
});

describe('toNoteRecord', () => {
  const notes = example('notes-feed-v1.json').data as Record<string, any>[];

  it('maps the documented example', () => {
    const n = notes[0]!;
    const rec = toNoteRecord(n);
    expect(Object.keys(rec)).toEqual([...NOTE_COLUMNS]);
    expect(rec).toMatchObject({
      id: n.id,
      title: n.display_title,
      type: 'normal',
      likes: 4,
      author_id: n.user.userid,
      author_name: n.user.nickname,
      author_avatar_url: n.user.images,
      cover_url: n.images_list[0].url_size_large,
      image_count: 1,
      category: '旅游',
      published_at: new Date(n.timestamp * 1000).toISOString(),
      note_url: `https://www.xiaohongshu.com/explore/${n.id}`,
      is_ad: false,
    });
  });

  it('keeps every column for sparse items', () => {
    const rec = toNoteRecord({ id: 'x' });
    expect(Object.keys(rec)).toEqual([...NOTE_COLUMNS]);
    expect(rec).toMatchObject({ title: null, likes: null, image_count: 0, published_at: null, is_ad: false });
  });
});

describe('generic records', () => {
  it('flattens nested objects to dot names and arrays to JSON', () => {
    expect(flatten({ a: 1, b: { c: 'x', d: null }, e: [1, 2] })).toEqual({
      a: 1,
      'b.c': 'x',
      'b.d': null,
      e: '[1,2]',
    });
  });
  it('dispatches by the operation record shape', () => {
    const op = findOperation('xiaohongshu.searchUsers');
    expect(toRecord(op, { id: 'q' })).toEqual(toUserRecord({ id: 'q' }));
    expect(toRecord({ ...op, record: undefined }, { id: 'q', x: { y: 1 } })).toEqual({ id: 'q', 'x.y': 1 });
  });
});

describe('column docs', () => {
  it('describe exactly the record columns, in order', () => {
    expect(Object.keys(USER_COLUMN_DESCRIPTIONS)).toEqual([...USER_COLUMNS]);
    expect(Object.keys(NOTE_COLUMN_DESCRIPTIONS)).toEqual([...NOTE_COLUMNS]);
    for (const text of [
      ...Object.values(USER_COLUMN_DESCRIPTIONS),
      ...Object.values(NOTE_COLUMN_DESCRIPTIONS),
    ])
      expect(text.length).toBeGreaterThan(5);
  });
});
